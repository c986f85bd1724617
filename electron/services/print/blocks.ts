import type { FormDefinition, JsonSchema } from '../../../shared/forms/index.ts';

/** What the printed application is made of, before it is measured and laid out on pages. */
export type Block =
  | { kind: 'section'; title: string }
  | { kind: 'row'; label: string; value: string }
  /** `weights`: the share of the width each column after 序号 gets, when the headers' lengths would not suit. */
  | { kind: 'grid'; columns: string[]; rows: string[][]; weights?: readonly number[] };

const UNFILLED = '（未填写）';

/** The form's fields in schema order: nested objects as titled sections, lists of objects as tables. */
export function applicationBlocks(form: FormDefinition, data: Record<string, unknown>): Block[] {
  return Object.entries(form.schema.properties ?? {}).flatMap(([key, schema]) => fieldBlocks(schema, data[key], schema.title ?? key));
}

function fieldBlocks(schema: JsonSchema, value: unknown, label: string): Block[] {
  if (schema['x-attachment'] !== undefined) return [{ kind: 'row', label, value: attachmentText(value) }];
  if (schema.type === 'object') return objectBlocks(schema, value, label);
  if (schema.type === 'array' && schema.items?.type === 'object')
    return [{ kind: 'section', title: label }, gridBlock(schema.items, value)];
  return [{ kind: 'row', label, value: displayValue(schema, value) }];
}

function objectBlocks(schema: JsonSchema, value: unknown, title: string): Block[] {
  const record = isRecord(value) ? value : {};
  const rows = Object.entries(schema.properties ?? {}).flatMap(([key, child]) =>
    child.type === 'object' && child['x-attachment'] === undefined
      ? objectBlocks(child, record[key], `${title} · ${child.title ?? key}`).slice(1)
      : fieldBlocks(child, record[key], child.title ?? key),
  );
  return [{ kind: 'section', title }, ...rows];
}

function gridBlock(items: JsonSchema, value: unknown): Block {
  const columns = Object.entries(items.properties ?? {});
  const list = Array.isArray(value) ? value : [];
  return {
    kind: 'grid',
    columns: ['序号', ...columns.map(([key, schema]) => schema.title ?? key)],
    rows: list.map((item, index) => [
      String(index + 1),
      ...columns.map(([key, schema]) => displayValue(schema, isRecord(item) ? item[key] : undefined)),
    ]),
  };
}

/** A value as a clerk writes it on paper: dates in Chinese, yes/no, one list entry per line. */
function displayValue(schema: JsonSchema, value: unknown): string {
  if (value === undefined || value === null || value === '') return UNFILLED;
  if (Array.isArray(value)) return value.length === 0 ? UNFILLED : value.map((item) => displayValue(schema.items ?? {}, item)).join('\n');
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (schema.format === 'date' && typeof value === 'string') return chineseDate(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function attachmentText(value: unknown): string {
  return isRecord(value) && typeof value['name'] === 'string' ? `${value['name']}（见附件清单）` : UNFILLED;
}

export function chineseDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : iso;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
