export { demoExports, provisionDemo, readDemoEnvironment, type DemoEnvironment } from './provision.ts';
