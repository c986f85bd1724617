import type { FormDefinition, JsonSchema } from './types.ts';

/** Long free text gets a text area rather than a one-line input. */
const TEXTAREA_FROM = 1000;

/**
 * The react-jsonschema-form uiSchema for a form: the definition's own hints plus the custom fields
 * the schema implies (attachments, CIDR lists, dates with a notice period in working days).
 */
export function uiSchemaFor(form: FormDefinition): Record<string, unknown> {
  const ui: Record<string, unknown> = { ...form.uiSchema, 'ui:submitButtonOptions': { norender: true } };
  for (const [key, schema] of Object.entries(form.schema.properties ?? {})) {
    const hint = fieldHint(form, key, schema);
    if (hint !== null) ui[key] = { ...hint, ...(form.uiSchema[key] as object | undefined) };
  }
  return ui;
}

function fieldHint(form: FormDefinition, key: string, schema: JsonSchema): Record<string, unknown> | null {
  if (schema['x-attachment'] !== undefined) return { 'ui:field': 'attachment' };
  if (schema.type === 'array' && schema.items?.format === 'cidr') return { 'ui:field': 'cidrList' };
  const notice = form.rules.find((rule) => rule.kind === 'notice' && rule.dateField === key);
  if (notice?.kind === 'notice') return { 'ui:widget': 'workingDayDate', 'ui:options': { workingDays: notice.workingDays } };
  if (schema.type === 'string' && (schema.maxLength ?? 0) >= TEXTAREA_FROM) return { 'ui:widget': 'textarea', 'ui:options': { rows: 3 } };
  return null;
}
