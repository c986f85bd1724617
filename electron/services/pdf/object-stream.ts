import { asNumber, type PdfStream } from './objects.ts';
import { PdfParser } from './parser.ts';

/** An object stream's contents (§7.5.7): which object sits where in its decoded data. */
export interface ObjectStreamIndex {
  nums: number[];
  offsets: number[];
  data: Uint8Array;
  first: number;
}

export function indexObjectStream(stream: PdfStream, data: Uint8Array): ObjectStreamIndex {
  const header = new PdfParser(data);
  const nums: number[] = [];
  const offsets: number[] = [];
  const count = asNumber(stream.dict.get('N')) ?? 0;
  // A declared /N far beyond the pairs present must stop at the data's end, not spin over empty words.
  for (let i = 0; i < count; i++) {
    const [num, offset] = [header.readWord(), header.readWord()];
    if (!/^\d+$/.test(num) || !/^\d+$/.test(offset)) break;
    nums.push(Number(num));
    offsets.push(Number(offset));
  }
  return { nums, offsets, data, first: asNumber(stream.dict.get('First')) ?? 0 };
}
