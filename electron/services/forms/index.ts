export { attachmentFields, BUILTIN_CATALOG, missingAttachments, catalogOf, checkedCatalog, FormCatalog } from './catalog.ts';
export { canonicalJson } from './canonical.ts';
export { HEAD_BYTES, inspectAttachment } from './attachments.ts';
export {
  assertValid,
  InvalidApplication,
  signApplication,
  signApplicationData,
  verifyApplicationPackage,
  writePackage,
  type AttachmentRecord,
  type SignedApplication,
} from './package.ts';
export { validateApplication } from './validate.ts';
export { DraftStore, type Draft } from './drafts.ts';
export { migrateData } from './migrate.ts';
export { parseApplicationJson } from './import.ts';
export { identityFrom, prefilled, type TokenIdentity } from './prefill.ts';
