export {
  createDemoCa,
  exportCaKey,
  importCa,
  issueCrl,
  issueLeaf,
  type CrlEntry,
  type DemoCa,
  type HolderKind,
  type LeafProfile,
} from './ca.ts';
export { DEMO_APPROVER_CERTIFICATE, DEMO_CA_NAME, DEMO_UNIT, demoExports, provisionDemo, shellQuote } from './provision.ts';
export { markDemoPinChanged, readDemoEnvironment, shownDemoPin, type DemoEnvironment } from './environment.ts';
