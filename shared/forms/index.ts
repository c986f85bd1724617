export { FORM_CATALOG } from './catalog/index.ts';
export { FieldErrorSchema, FORM_ERROR_CODES, type FieldError } from './errors.ts';
export { FORMAT_CHECKS } from './formats.ts';
export { ownTitle, schemaAt, titleAt, valueAt } from './paths.ts';
export { checkRules } from './rules.ts';
export { FIELD_FORMATS, type AttachmentSpec, type FormDefinition, type JsonSchema } from './types.ts';
export { describeFieldError } from './messages.ts';
export { uiSchemaFor } from './ui-hints.ts';
