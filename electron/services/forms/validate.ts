import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { WorkingDayCalendar } from '../../../shared/calendar/index.ts';
import { checkRules, FORMAT_CHECKS, titleAt, valueAt, type FieldError, type FormDefinition } from '../../../shared/forms/index.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
for (const [format, check] of Object.entries(FORMAT_CHECKS)) ajv.addFormat(format, (value: string) => check(value) === null);
// By definition object, not id and version: a catalog from the center may reuse both with other fields.
const compiled = new WeakMap<FormDefinition, ValidateFunction>();

function validatorFor(form: FormDefinition): ValidateFunction {
  const existing = compiled.get(form);
  if (existing) return existing;
  const validate = ajv.compile(form.schema);
  compiled.set(form, validate);
  return validate;
}

function fieldError(form: FormDefinition, error: ErrorObject, data: unknown): FieldError {
  const base = error.instancePath.slice(1).replaceAll('/', '.');
  const at = (path: string, code: FieldError['code'], params: FieldError['params'] = {}): FieldError => ({
    path,
    field: titleAt(form.schema, path),
    code,
    params,
  });
  const p = error.params as Record<string, unknown>;
  const join = (child: string): string => (base === '' ? child : `${base}.${child}`);
  switch (error.keyword) {
    case 'required':
      return at(join(String(p['missingProperty'])), 'required');
    case 'additionalProperties':
      return at(join(String(p['additionalProperty'])), 'unknownField');
    case 'format': {
      const value = valueAt(data, base);
      const format = String(p['format']) as keyof typeof FORMAT_CHECKS;
      return at(base, 'format', { format, reason: FORMAT_CHECKS[format](String(value)) ?? 'invalid' });
    }
    case 'enum':
      return at(base, 'enum', { allowed: (p['allowedValues'] as unknown[]).join('、') });
    case 'minLength':
      return at(base, (p['limit'] as number) <= 1 ? 'required' : 'tooShort', { limit: p['limit'] as number });
    case 'maxLength':
      return at(base, 'tooLong', { limit: p['limit'] as number });
    case 'minimum':
      return at(base, 'tooSmall', { limit: p['limit'] as number });
    case 'maximum':
      return at(base, 'tooLarge', { limit: p['limit'] as number });
    case 'minItems':
      return at(base, 'tooFewItems', { limit: p['limit'] as number });
    case 'maxItems':
      return at(base, 'tooManyItems', { limit: p['limit'] as number });
    default:
      return at(base, 'type', { expected: String(p['type'] ?? error.keyword) });
  }
}

/** Every problem with an application's data: the schema field by field, then the form's cross-field rules. */
export function validateApplication(form: FormDefinition, data: unknown, calendar: WorkingDayCalendar): FieldError[] {
  const validate = validatorFor(form);
  const schemaErrors = validate(data) ? [] : (validate.errors ?? []).map((e) => fieldError(form, e, data));
  const seen = new Set(schemaErrors.map((e) => `${e.path}:${e.code}`));
  const ruleErrors = checkRules(form, data, calendar).filter((e) => !seen.has(`${e.path}:${e.code}`));
  return [...schemaErrors, ...ruleErrors];
}
