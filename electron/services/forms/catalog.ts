import { AppError } from '../../../shared/errors.ts';
import { FORM_CATALOG, type FormDefinition, type JsonSchema } from '../../../shared/forms/index.ts';

export function formById(id: string): FormDefinition {
  const form = FORM_CATALOG.find((f) => f.id === id);
  if (form === undefined) throw new AppError('FORM_NOT_FOUND', { id });
  return form;
}

export interface AttachmentField {
  path: string;
  title: string;
  spec: NonNullable<JsonSchema['x-attachment']>;
}

/** The attachment fields the data actually fills (top-level fields; the catalog nests none deeper). */
export function attachmentFields(form: FormDefinition, data: Record<string, unknown>): (AttachmentField & { name: string })[] {
  return Object.entries(form.schema.properties ?? {}).flatMap(([key, schema]) => {
    const spec = schema['x-attachment'];
    const value = data[key] as { name?: unknown } | undefined;
    if (spec === undefined || typeof value?.name !== 'string') return [];
    return [{ path: key, title: schema.title ?? key, spec, name: value.name }];
  });
}
