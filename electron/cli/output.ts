import { AppError, toWireError } from '../../shared/errors.ts';
import { errorMessage } from '../../shared/i18n/index.ts';
import type { Locale } from '../../shared/model/settings.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A typed error becomes its catalog message and exit code 1; a bug prints INTERNAL, not a stack. */
export function reportError(locale: Locale, error: unknown): number {
  const wire = toWireError(error);
  process.stderr.write(`${errorMessage(locale, wire)} [${wire.code}]\n`);
  if (!(error instanceof AppError) && process.env['SEALDESK_DEBUG'] === '1') process.stderr.write(`${String(error)}\n`);
  return 1;
}
