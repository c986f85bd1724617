export * from './contract.ts';
export * from './wire.ts';
export { dispatch, type Handlers } from './dispatch.ts';
