import { z } from 'zod';
import { ERROR_CODES, type WireError } from './errors.ts';

/** Parses an error read from a boundary (an API answer, a stored outbox record). */
export const WireErrorSchema: z.ZodType<WireError, unknown> = z.object({
  code: z.enum(ERROR_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
});
