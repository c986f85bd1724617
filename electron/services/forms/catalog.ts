import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OFFICIAL_CALENDAR, WorkingDayCalendar, type CalendarData } from '../../../shared/calendar/index.ts';
import { z } from 'zod';
import { PublishedCatalogSchema, type PublishedCatalog } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { FORM_CATALOG, type FormDefinition, type JsonSchema } from '../../../shared/forms/index.ts';
import { FormDefinitionSchema } from '../../../shared/forms/schema.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { writeFileAtomic } from '../platform/index.ts';
import { canonicalJson } from './canonical.ts';

/** What client and center both compute over a catalog's content, so neither needs a counter. */
export function catalogRevision(forms: readonly FormDefinition[], calendar: CalendarData): string {
  return createHash('sha256').update(canonicalJson({ forms, calendar })).digest('hex');
}

/** The forms and calendar built into this version of the app. */
export const BUILTIN_CATALOG: PublishedCatalog = {
  revision: catalogRevision(FORM_CATALOG, OFFICIAL_CALENDAR),
  publishedAt: null,
  forms: [...FORM_CATALOG],
  calendar: OFFICIAL_CALENDAR,
};

const CatalogContentSchema = PublishedCatalogSchema.pick({ forms: true, calendar: true }).strict();

function parsedOrInvalid<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('CATALOG_INVALID', { detail: parsed.error.issues[0]?.path.join('.') ?? '' });
  return parsed.data;
}

/** A catalog published at `at` from `{forms, calendar}` (as an operator writes it); anything else is CATALOG_INVALID. */
export function catalogOf(content: unknown, at: Date): PublishedCatalog {
  const { forms, calendar } = parsedOrInvalid(CatalogContentSchema, content);
  return { revision: catalogRevision(forms, calendar), publishedAt: at.toISOString(), forms, calendar };
}

/** A catalog whose revision is the digest of its content; anything else is CATALOG_INVALID. */
export function checkedCatalog(value: unknown): PublishedCatalog {
  const catalog = parsedOrInvalid(PublishedCatalogSchema, value);
  if (catalog.revision !== catalogRevision(catalog.forms, catalog.calendar)) throw new AppError('CATALOG_INVALID', { detail: 'revision' });
  return catalog;
}

const KeptFileSchema = z.object({ published: z.unknown(), retired: z.array(FormDefinitionSchema) });

/**
 * The application forms and the working-day calendar in force: the catalog the resource center last
 * published (kept in `file`), or the one built into the app. A form the center stops offering is
 * kept, so the drafts made with it still open.
 */
export class FormCatalog {
  #published: PublishedCatalog;
  #retired: readonly FormDefinition[];
  #calendar: WorkingDayCalendar;

  constructor(private readonly file: string | null = null) {
    const kept = file === null ? null : keptCatalog(file);
    this.#published = kept?.published ?? BUILTIN_CATALOG;
    this.#retired = kept?.retired ?? [];
    this.#calendar = new WorkingDayCalendar(this.#published.calendar);
  }

  /** The catalog the app and the CLI share in a data directory. */
  static in(dataDir: string): FormCatalog {
    return new FormCatalog(join(dataDir, 'center-catalog.json'));
  }

  get published(): PublishedCatalog {
    return this.#published;
  }

  get calendar(): WorkingDayCalendar {
    return this.#calendar;
  }

  /** Forms a new application may use. */
  get forms(): readonly FormDefinition[] {
    return this.#published.forms;
  }

  /** Forms no longer offered (dropped by the center, or built in and not published): existing drafts open with them. */
  get kept(): readonly FormDefinition[] {
    return withoutIds([...this.#retired, ...BUILTIN_CATALOG.forms], this.forms);
  }

  formById(id: string): FormDefinition {
    const form = this.forms.find((f) => f.id === id) ?? this.kept.find((f) => f.id === id);
    if (form === undefined) throw new AppError('FORM_NOT_FOUND', { id });
    return form;
  }

  /** Takes the center's catalog when its revision differs; false when it was already in force. */
  adopt(value: unknown): boolean {
    const catalog = checkedCatalog(value);
    if (catalog.revision === this.#published.revision) return false;
    const retired = withoutIds([...this.#published.forms, ...this.#retired], catalog.forms);
    if (this.file !== null) writeFileAtomic(this.file, JSON.stringify({ published: catalog, retired }));
    this.#published = catalog;
    this.#retired = retired;
    this.#calendar = new WorkingDayCalendar(catalog.calendar);
    return true;
  }
}

/** `forms` without those `offered` has (by id), each id once. */
function withoutIds(forms: readonly FormDefinition[], offered: readonly FormDefinition[]): FormDefinition[] {
  const seen = new Set(offered.map((form) => form.id));
  return forms.filter((form) => !seen.has(form.id) && seen.add(form.id));
}

/** The catalog adopted earlier; a missing or damaged file falls back to the built-in one. */
function keptCatalog(file: string): { published: PublishedCatalog; retired: FormDefinition[] } | null {
  try {
    const kept = KeptFileSchema.parse(parseJsonOrNull(readFileSync(file)));
    return { published: checkedCatalog(kept.published), retired: kept.retired };
  } catch {
    return null;
  }
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

/**
 * The attachment fields whose file the data names but the draft does not hold (an imported
 * application names its files; they are added one by one): not ready to sign until each is added.
 */
export function missingAttachments(
  form: FormDefinition,
  data: Record<string, unknown>,
  held: Readonly<Record<string, { name: string }>>,
): (AttachmentField & { name: string })[] {
  return attachmentFields(form, data).filter((field) => held[field.path]?.name !== field.name);
}
