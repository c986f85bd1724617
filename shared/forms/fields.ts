import type { AttachmentSpec, FieldFormat, JsonSchema } from './types.ts';

/** Small builders so each form reads as a list of fields, not as JSON Schema noise. */
export const text = (title: string, maxLength = 200, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  title,
  minLength: 1,
  maxLength,
  ...extra,
});
export const longText = (title: string, description?: string): JsonSchema =>
  text(title, 4000, description === undefined ? {} : { description });
export const formatted = (title: string, format: FieldFormat): JsonSchema => ({ type: 'string', title, format });
export const date = (title: string): JsonSchema => formatted(title, 'date');
export const choice = (title: string, values: readonly string[]): JsonSchema => ({ type: 'string', title, enum: values });
export const integer = (title: string, minimum: number, maximum: number): JsonSchema => ({ type: 'integer', title, minimum, maximum });
export const yesNo = (title: string): JsonSchema => ({ type: 'boolean', title });

export function object(title: string, properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    title,
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}

export const list = (title: string, items: JsonSchema, minItems = 1, maxItems = 200): JsonSchema => ({
  type: 'array',
  title,
  items,
  minItems,
  maxItems,
});

/** An attached file as the form data holds it: the name the user attached; digests are added at signing. */
export function attachment(title: string, spec: AttachmentSpec): JsonSchema {
  return {
    type: 'object',
    title,
    properties: { name: { type: 'string', minLength: 1, maxLength: 255 } },
    required: ['name'],
    additionalProperties: false,
    'x-attachment': spec,
  };
}

export const DOCUMENT_TYPES = ['pdf', 'png', 'jpg', 'jpeg'];
export const document = (title: string, maxMb = 20): JsonSchema => attachment(title, { types: DOCUMENT_TYPES, maxMb });
