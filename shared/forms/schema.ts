import { z } from 'zod';
import { FIELD_FORMATS, type FormDefinition, type JsonSchema } from './types.ts';

/**
 * The catalog's types as schemas, for form definitions that arrive from the resource center: only the
 * JSON Schema subset and rule kinds this app knows how to validate, show and sign are accepted.
 */
const AttachmentSpecSchema = z
  .object({
    types: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).min(1),
    maxMb: z.number().positive().max(1024),
    minDpi: z.number().int().positive().optional(),
  })
  .strict();

const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/);

export const JsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z
    .object({
      type: z.enum(['object', 'array', 'string', 'integer', 'number', 'boolean']).optional(),
      title: z.string().max(200).optional(),
      description: z.string().max(2000).optional(),
      properties: z.record(FieldName, JsonSchemaSchema).optional(),
      required: z.array(FieldName).optional(),
      items: JsonSchemaSchema.optional(),
      enum: z
        .array(z.union([z.string().max(200), z.number()]))
        .max(500)
        .optional(),
      format: z.enum(FIELD_FORMATS).optional(),
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(0).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      minItems: z.number().int().min(0).optional(),
      maxItems: z.number().int().min(0).optional(),
      pattern: z.string().max(500).optional(),
      additionalProperties: z.boolean().optional(),
      default: z.unknown().optional(),
      'x-attachment': AttachmentSpecSchema.optional(),
    })
    .strict(),
);

const Path = z.string().max(200);
const When = z.object({ field: Path, in: z.array(z.string()) }).strict();

const FormRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notice'), dateField: Path, workingDays: z.number().int().min(1).max(365), when: When.optional() }).strict(),
  z
    .object({
      kind: z.literal('maxSpanMonths'),
      fromField: Path,
      toField: Path,
      months: z.number().int().min(1).max(1200),
      when: When.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('requiredWhen'),
      field: Path,
      when: z.object({ field: Path, in: z.array(z.union([z.string(), z.boolean()])) }).strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('minimalAuthorisation'),
      modeField: Path,
      sufficientField: Path,
      justificationField: Path,
      order: z.array(z.string()),
    })
    .strict(),
  z.object({ kind: z.literal('forbiddenValue'), field: Path, value: z.string(), message: z.literal('sharingRefused') }).strict(),
]);

// Typed as the catalog's own type: what the schema accepts is a form the app can use as it is.
export const FormDefinitionSchema: z.ZodType<FormDefinition> = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    version: z.number().int().min(1),
    title: z.string().min(1).max(100),
    description: z.string().max(2000),
    schema: JsonSchemaSchema,
    uiSchema: z.record(z.string(), z.unknown()),
    rules: z.array(FormRuleSchema).max(50),
    needsUnitSeal: z.boolean(),
    example: z.record(z.string(), z.unknown()),
    migrations: z.array(z.object({ from: z.number().int().min(1), rename: z.record(z.string(), z.string()) }).strict()).optional(),
  })
  .strict()
  .meta({ id: 'FormDefinition' });
