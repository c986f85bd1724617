export * from './protocol.ts';
export { centerOpenApi } from './openapi.ts';
export * from './anchor.ts';
