import { AppError } from '../../../shared/errors.ts';

/** Application data from JSON text a user supplied: it must parse and hold an object at the top. */
export function parseApplicationJson(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('JSON_INVALID', { name, detail: error instanceof Error ? error.message : '' }, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new AppError('JSON_INVALID', { name, detail: 'not an object' });
  return value as Record<string, unknown>;
}
