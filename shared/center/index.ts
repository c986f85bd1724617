export * from './protocol.ts';
export { centerOpenApi } from './openapi.ts';
