import type { ErrorSchema, RJSFSchema, ValidatorType } from '@rjsf/utils';
import type { FieldError } from '../../../../../shared/forms/index.ts';

/**
 * The form library's validator slot. Validation runs in the service (`applications.save` returns the
 * errors): ajv compiles with `new Function`, which the renderer's CSP forbids, and one validator for
 * UI, CLI and signing means they never disagree. The catalog uses no oneOf/anyOf, so nothing needs
 * `isValid` to choose between sub-schemas.
 */
export const serviceValidator: ValidatorType<Record<string, unknown>, RJSFSchema> = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({ errors: [] }),
};

/** The service's field errors in the shape the form library places next to each field. */
export function errorSchemaOf(errors: readonly FieldError[], describe: (error: FieldError) => string): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const segment of error.path === '' ? [] : error.path.split('.')) {
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    }
    node['__errors'] = [...((node['__errors'] as string[] | undefined) ?? []), describe(error)];
  }
  return root as ErrorSchema;
}
