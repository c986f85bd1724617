import { randomBytes } from 'node:crypto';
import { dict, name, PdfRef, PdfString, type PdfValue } from './objects.ts';
import { formatIndirectObject, formatValue } from './serialize.ts';

/** Anything that can take new indirect objects: a fresh document or an incremental update. */
export interface ObjectSink {
  add(value: PdfValue): PdfRef;
}

/**
 * A new PDF written from scratch (printed applications): objects in order, a classic cross-reference
 * table, no object streams, so every reader and our own incremental signer can open it.
 */
export class PdfWriter implements ObjectSink {
  readonly #objects: { ref: PdfRef; value: PdfValue }[] = [];
  readonly #catalog = this.reserve();

  add(value: PdfValue): PdfRef {
    const ref = this.reserve();
    this.set(ref, value);
    return ref;
  }

  reserve(): PdfRef {
    const ref = new PdfRef(this.#objects.length + 1, 0);
    this.#objects.push({ ref, value: null });
    return ref;
  }

  set(ref: PdfRef, value: PdfValue): void {
    const slot = this.#objects[ref.num - 1];
    if (slot !== undefined) slot.value = value;
  }

  /** Writes the catalog over `pages` and returns the file's bytes. */
  finish(pages: PdfRef, info: { title: string; producer: string }): Buffer {
    this.set(this.#catalog, dict({ Type: name('Catalog'), Pages: pages, Lang: PdfString.text('zh-CN') }));
    const infoRef = this.add(dict({ Title: PdfString.text(info.title), Producer: PdfString.text(info.producer) }));
    const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let length = chunks[0]?.length ?? 0;
    const offsets: number[] = [];
    for (const { ref, value } of this.#objects) {
      offsets.push(length);
      const bytes = formatIndirectObject(ref, value);
      chunks.push(bytes);
      length += bytes.length;
    }
    const size = this.#objects.length + 1;
    const rows = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`);
    const id = new PdfString(randomBytes(16), true);
    const trailer = dict({ Size: size, Root: this.#catalog, Info: infoRef, ID: [id, id] });
    chunks.push(
      Buffer.from(
        `xref\n0 ${size}\n0000000000 65535 f \n${rows.join('')}trailer\n${formatValue(trailer)}\nstartxref\n${length}\n%%EOF\n`,
        'latin1',
      ),
    );
    return Buffer.concat(chunks);
  }
}
