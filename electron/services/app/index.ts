export { SealDeskApp, type AppOptions, type FileKind } from './app.ts';
export { APP_VERSION } from './version.ts';
