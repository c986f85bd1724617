import { z } from 'zod';

export const FORM_ERROR_CODES = [
  'required',
  'type',
  'format',
  'enum',
  'tooShort',
  'tooLong',
  'tooSmall',
  'tooLarge',
  'tooFewItems',
  'tooManyItems',
  'unknownField',
  'notice',
  'maxSpan',
  'broaderThanNeeded',
  'sharingRefused',
  /** The data names a file (an imported application) that was never added to the draft. */
  'attachmentMissing',
] as const;

/** One problem with one field, as the UI shows it next to the field and the CLI prints it. */
export const FieldErrorSchema = z.object({
  /** Dotted path into the form data, e.g. "handler.idNumber" or "networks.1". */
  path: z.string(),
  /** The field's title from the form definition (中文), for messages. */
  field: z.string(),
  code: z.enum(FORM_ERROR_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;
