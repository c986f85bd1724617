export { createDemoCa, exportCaKey, importCa, issueLeaf, type DemoCa, type LeafProfile } from './ca.ts';
export { DEMO_CA_NAME, DEMO_UNIT, demoExports, provisionDemo, shellQuote, readDemoEnvironment, type DemoEnvironment } from './provision.ts';
