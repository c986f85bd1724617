import { AppError } from '../../../shared/errors.ts';
import { damageParams } from '../../../shared/model/pdf-damage.ts';
import { writeStreamAtomic } from '../platform/atomic-write.ts';
import type { PdfDocument } from './document.ts';
import { signatureFields } from './fields.ts';
import { asDict, dict, isName, PdfRef, PdfStream, type PdfValue } from './objects.ts';
import { formatIndirectObject, formatValue } from './serialize.ts';

/**
 * 修复: the document written afresh into `output` from what the reader found (a rebuilt cross-reference
 * included), with one classic table, so it can be approved and sealed. Object streams and cross-reference
 * streams are not copied: their objects are written out one by one. Streams are copied one at a time, so
 * memory stays flat. Written atomically (writeStreamAtomic), so a failure leaves nothing.
 * @throws AppError PDF_DAMAGED_SIGNED for a signed document: rewriting would break its signatures.
 */
export async function rewriteDocument(document: PdfDocument, output: string): Promise<void> {
  if (signatureFields(document).length > 0) throw new AppError('PDF_DAMAGED_SIGNED', damageParams(document.damage[0]));
  await writeStreamAtomic(output, async (out) => {
    let position = 0;
    const write = async (bytes: Buffer): Promise<void> => {
      await out.write(bytes);
      position += bytes.length;
    };
    await write(Buffer.from(`%PDF-${versionOf(document)}\n%\u00e2\u00e3\u00cf\u00d3\n`, 'latin1'));
    const rows = new Map<number, { offset: number; gen: number }>();
    for (const ref of document.liveObjects()) {
      const value = document.resolve(ref) ?? null;
      if (isStructural(value)) continue;
      rows.set(ref.num, { offset: position, gen: ref.gen });
      await write(formatIndirectObject(ref, inMemory(document, value)));
    }
    await write(table(rows, position, document));
  });
}

function versionOf(document: PdfDocument): string {
  return /%PDF-(\d\.\d)/.exec(document.readBytes(0, 1024).toString('latin1'))?.[1] ?? '1.7';
}

/** Object and cross-reference streams describe the old layout; the rewrite has its own. */
function isStructural(value: PdfValue): boolean {
  const type = asDict(value)?.get('Type');
  return value instanceof PdfStream && (isName(type, 'ObjStm') || isName(type, 'XRef'));
}

function inMemory(document: PdfDocument, value: PdfValue): PdfValue {
  if (!(value instanceof PdfStream) || 'data' in value.source) return value;
  return new PdfStream(value.dict, { data: document.readStreamData(value) });
}

function table(rows: Map<number, { offset: number; gen: number }>, xrefOffset: number, document: PdfDocument): Buffer {
  let size = 1;
  for (const num of rows.keys()) if (num >= size) size = num + 1;
  let text = `xref\n0 ${size}\n`;
  for (let num = 0; num < size; num++) {
    const row = rows.get(num);
    text +=
      row === undefined ? '0000000000 65535 f\r\n' : `${String(row.offset).padStart(10, '0')} ${String(row.gen).padStart(5, '0')} n\r\n`;
  }
  const trailer: Record<string, PdfValue> = { Size: size, Root: document.catalogRef };
  const info = document.trailer.get('Info');
  if (info instanceof PdfRef && rows.has(info.num)) trailer['Info'] = info;
  const id = document.trailer.get('ID');
  if (Array.isArray(id)) trailer['ID'] = id;
  return Buffer.from(`${text}trailer\n${formatValue(dict(trailer))}\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1');
}
