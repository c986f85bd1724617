import type { FormDefinition } from '../../../shared/forms/index.ts';

export interface MigratedData {
  data: Record<string, unknown>;
  /** Answers the current version does not ask for, shown to the user instead of being dropped. */
  legacy: Record<string, unknown>;
}

/** Carries a draft's data from the version it was made with to the form's current one. */
export function migrateData(form: FormDefinition, fromVersion: number, data: Record<string, unknown>): MigratedData {
  let current = { ...data };
  for (let version = fromVersion; version < form.version; version++) {
    const step = form.migrations?.find((m) => m.from === version);
    for (const [from, to] of Object.entries(step?.rename ?? {})) {
      if (!(from in current)) continue;
      const { [from]: value, ...rest } = current;
      current = { ...rest, [to]: value };
    }
  }
  const known = new Set(Object.keys(form.schema.properties ?? {}));
  const entries = Object.entries(current);
  return {
    data: Object.fromEntries(entries.filter(([key]) => known.has(key))),
    legacy: Object.fromEntries(entries.filter(([key]) => !known.has(key))),
  };
}
