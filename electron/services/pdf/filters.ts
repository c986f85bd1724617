import { inflateSync } from 'node:zlib';
import { AppError } from '../../../shared/errors.ts';
import { asArray, asDict, asNumber, isName, type PdfDict, type PdfValue } from './objects.ts';

/** Decodes the filters structural streams use (cross-reference and object streams). */
export function decodeStreamData(dict: PdfDict, raw: Uint8Array): Uint8Array {
  const filter = dict.get('Filter');
  const filters = asArray(filter) ?? (filter === undefined ? [] : [filter]);
  const parms = dict.get('DecodeParms');
  const parmsList = asArray(parms) ?? [parms ?? null];
  let data = raw;
  filters.forEach((f, index) => {
    if (!isName(f, 'FlateDecode')) throw new AppError('PDF_UNSUPPORTED', { feature: isName(f) ? f.name : 'filter' });
    data = unpredict(inflate(data), asDict(parmsList[index] ?? undefined));
  });
  return data;
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH: accept streams missing their checksum */ });
  } catch (error) {
    throw new AppError('PDF_CORRUPT', { detail: 'bad compressed stream' }, { cause: error });
  }
}

/** PNG row predictors (§7.4.4.4), which cross-reference streams almost always use. */
function unpredict(data: Uint8Array, parms: PdfDict | undefined): Uint8Array {
  const predictor = asNumber(parms?.get('Predictor') as PdfValue) ?? 1;
  if (predictor < 10) return data;
  const columns = asNumber(parms?.get('Columns') as PdfValue) ?? 1;
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength] ?? 0;
    for (let c = 0; c < columns; c++) {
      const raw = data[r * rowLength + 1 + c] ?? 0;
      const left = c > 0 ? (out[r * columns + c - 1] ?? 0) : 0;
      const up = r > 0 ? (out[(r - 1) * columns + c] ?? 0) : 0;
      const upLeft = r > 0 && c > 0 ? (out[(r - 1) * columns + c - 1] ?? 0) : 0;
      out[r * columns + c] = (raw + predict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      return 0;
  }
}
