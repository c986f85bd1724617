import type { JsonSchema } from './types.ts';

/** The value at a dotted path ("resource.shareType", "networks.1"), or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  return path
    .split('.')
    .filter((part) => part !== '')
    .reduce<unknown>(
      (value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      data,
    );
}

/** The schema of the field at a dotted path, following object properties and array items. */
export function schemaAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  return path
    .split('.')
    .filter((part) => part !== '')
    .reduce<JsonSchema | undefined>((node, key) => (node?.type === 'array' ? node.items : node?.properties?.[key]), schema);
}

/** "申请单位 › 统一社会信用代码": the titles along the path, for messages. */
export function titleAt(schema: JsonSchema, path: string): string {
  const parts = path.split('.').filter((part) => part !== '');
  const titles = parts.map((_, i) => {
    const node = schemaAt(schema, parts.slice(0, i + 1).join('.'));
    return /^\d+$/.test(parts[i] ?? '') ? `#${Number(parts[i]) + 1}` : (node?.title ?? parts[i] ?? '');
  });
  return titles.join(TITLE_SEPARATOR);
}

const TITLE_SEPARATOR = ' › ';

/**
 * A field's own name out of a `titleAt` path ("申请单位 › 统一社会信用代码" → "统一社会信用代码"; a list
 * item keeps its list's name, "接入网段 #2"): what a message beside the field says, the groups
 * around it being on screen already.
 */
export function ownTitle(path: string): string {
  const titles = path.split(TITLE_SEPARATOR);
  const start = titles.findLastIndex((title) => !title.startsWith('#'));
  return titles.slice(Math.max(start, 0)).join(' ');
}
