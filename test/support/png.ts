import { crc32, deflateSync } from 'node:zlib';
import { PNG_SIGNATURE } from '../../electron/services/images/index.ts';

/** One PNG chunk: length, type, body and CRC, as an encoder writes it. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small red RGB PNG whose pHYs chunk declares `dpi` (as a scanner writes it); no pHYs when dpi is null. */
export function scanPng(dpi: number | null, size = 16): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([200, 0, 0]))]);
  const chunks = [pngChunk('IHDR', header)];
  if (dpi !== null) {
    const phys = Buffer.alloc(9);
    const perMetre = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1;
    chunks.push(pngChunk('pHYs', phys));
  }
  chunks.push(pngChunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))), pngChunk('IEND', Buffer.alloc(0)));
  return pngFile(chunks);
}

export function pngFile(chunks: readonly Buffer[]): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ...chunks]);
}
