export { formById } from './catalog.ts';
export { canonicalJson } from './canonical.ts';
export { InvalidApplication, signApplication, verifyApplicationPackage, type SignedApplication } from './package.ts';
export { validateApplication } from './validate.ts';
export { DraftStore, type Draft } from './drafts.ts';
