export * from './contract.ts';
export { PDF_RANGE_MAX_BYTES } from './limits.ts';
export * from './wire.ts';
export { dispatch, type Emit, type Handlers } from './dispatch.ts';
export { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './ipc.ts';
