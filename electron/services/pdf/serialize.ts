import { PdfDict, PdfName, PdfRaw, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.ts';

const NAME_SAFE = /^[!-~]$/;
const NAME_ESCAPED = new Set(['#', '/', '(', ')', '<', '>', '[', ']', '{', '}', '%']);

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const fixed = value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

function formatName(value: string): string {
  let out = '/';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += NAME_SAFE.test(char) && !NAME_ESCAPED.has(char) ? char : `#${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function formatString(value: PdfString): string {
  if (value.hex) return `<${Buffer.from(value.bytes).toString('hex')}>`;
  let out = '(';
  for (const byte of value.bytes) {
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** PDF syntax for a value, as a latin1 string (one char per byte). */
export function formatValue(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PdfRaw) return value.text;
  if (value instanceof PdfName) return formatName(value.name);
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return formatString(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  if (value instanceof PdfDict) return formatDict(value.entries);
  if (value instanceof PdfStream) throw new Error('streams are written as indirect objects');
  return 'null';
}

function formatDict(entries: Iterable<[string, PdfValue]>): string {
  const parts: string[] = [];
  for (const [key, item] of entries) parts.push(`${formatName(key)} ${formatValue(item)}`);
  return `<<${parts.join(' ')}>>`;
}

/** `num gen obj … endobj`, streams with their data; `data` must be given for streams built in memory. */
export function formatIndirectObject(ref: PdfRef, value: PdfValue): Buffer {
  const head = `${ref.num} ${ref.gen} obj\n`;
  if (value instanceof PdfStream) {
    if (!('data' in value.source)) throw new Error('a stream read from a file cannot be rewritten');
    const data = value.source.data;
    const entries = new Map(value.dict.entries);
    entries.set('Length', data.length);
    return Buffer.concat([
      Buffer.from(`${head}${formatDict(entries)}\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
  }
  return Buffer.from(`${head}${formatValue(value)}\nendobj\n`, 'latin1');
}
