import { createHash, randomBytes } from 'node:crypto';
import type { PdfDocument } from './document.ts';
import { asArray, dict, name, PdfRef, PdfString, type PdfValue } from './objects.ts';
import { formatIndirectObject, formatValue } from './serialize.ts';

/**
 * An incremental update (§7.5.6): new and replaced objects appended after the original bytes, with
 * their own cross-reference section pointing back to the previous one. Nothing already in the file
 * is rewritten, which is what keeps earlier signatures valid.
 */
export class IncrementalUpdate {
  private nextNumber: number;
  private readonly objects = new Map<number, { ref: PdfRef; value: PdfValue }>();

  constructor(readonly document: PdfDocument) {
    this.nextNumber = document.nextObjectNumber;
  }

  add(value: PdfValue): PdfRef {
    const ref = this.reserve();
    this.objects.set(ref.num, { ref, value });
    return ref;
  }

  reserve(): PdfRef {
    return new PdfRef(this.nextNumber++, 0);
  }

  set(ref: PdfRef, value: PdfValue): void {
    this.objects.set(ref.num, { ref, value });
  }

  /** The bytes to append after the original `document.size` bytes. */
  build(): Buffer {
    const start = this.document.size;
    const lastByte = this.document.readBytes(start - 1, 1)[0];
    const chunks: Buffer[] = [Buffer.from(lastByte === 0x0a || lastByte === 0x0d ? '' : '\n', 'latin1')];
    let length = chunks[0]?.length ?? 0;
    const offsets = new Map<number, number>();
    for (const { ref, value } of [...this.objects.values()].sort((a, b) => a.ref.num - b.ref.num)) {
      offsets.set(ref.num, start + length);
      const bytes = formatIndirectObject(ref, value);
      chunks.push(bytes);
      length += bytes.length;
    }
    const xrefOffset = start + length;
    const newestKind = this.document.sections[0]?.kind ?? 'table';
    chunks.push(newestKind === 'stream' ? this.xrefStream(offsets, xrefOffset) : this.xrefTable(offsets, xrefOffset));
    return Buffer.concat(chunks);
  }

  private trailerEntries(size: number): Record<string, PdfValue> {
    const trailer = this.document.trailer;
    const entries: Record<string, PdfValue> = { Size: size, Root: this.document.catalogRef, Prev: this.document.startxref };
    const info = trailer.get('Info');
    if (info !== undefined) entries['Info'] = info;
    const [first] = asArray(trailer.get('ID')) ?? [];
    const changing = new PdfString(createHash('md5').update(randomBytes(16)).digest(), true);
    entries['ID'] = [first instanceof PdfString ? first : changing, changing];
    return entries;
  }

  private xrefTable(offsets: Map<number, number>, xrefOffset: number): Buffer {
    let text = 'xref\n';
    for (const run of contiguousRuns([...offsets.keys()])) {
      text += `${run[0]} ${run.length}\n`;
      for (const num of run) text += `${String(offsets.get(num)).padStart(10, '0')} 00000 n\r\n`;
    }
    const trailer = dict(this.trailerEntries(this.nextNumber));
    return Buffer.from(`${text}trailer\n${formatValue(trailer)}\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1');
  }

  private xrefStream(offsets: Map<number, number>, xrefOffset: number): Buffer {
    const self = this.reserve();
    offsets.set(self.num, xrefOffset);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(nums.length * 7);
    nums.forEach((num, i) => {
      rows.writeUInt8(1, i * 7);
      rows.writeUInt32BE(offsets.get(num) ?? 0, i * 7 + 1);
      rows.writeUInt16BE(0, i * 7 + 5);
    });
    const index = contiguousRuns(nums).flatMap((run) => [run[0] ?? 0, run.length]);
    const head = formatValue(
      dict({ ...this.trailerEntries(this.nextNumber), Type: name('XRef'), W: [1, 4, 2], Index: index, Length: rows.length }),
    );
    return Buffer.concat([
      Buffer.from(`${self.num} 0 obj\n${head}\nstream\n`, 'latin1'),
      rows,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'),
    ]);
  }
}

function contiguousRuns(nums: number[]): number[][] {
  const runs: number[][] = [];
  for (const num of [...nums].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last !== undefined && last.at(-1) === num - 1) last.push(num);
    else runs.push([num]);
  }
  return runs;
}
