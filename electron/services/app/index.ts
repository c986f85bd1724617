export { SealDeskApp, type AppOptions } from './app.ts';
export { APP_VERSION } from './version.ts';
