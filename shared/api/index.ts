export * from './contract.ts';
export * from './wire.ts';
export { dispatch, type Emit, type Handlers } from './dispatch.ts';
export { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './ipc.ts';
