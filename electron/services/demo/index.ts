export { DEMO_TOKEN_LABEL, DEMO_UNIT, demoExports, provisionDemo, readDemoEnvironment, type DemoEnvironment } from './provision.ts';
