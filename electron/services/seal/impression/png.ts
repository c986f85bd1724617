import { deflateSync, inflateSync } from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';
import { isPng, pngChunks, pngPixelsPerMetre } from '../../images/index.ts';

/** A raster impression split the way PDF wants it: colour samples and a separate alpha mask. */
export interface RasterImage {
  width: number;
  height: number;
  /** Deflated 8-bit RGB samples. */
  rgb: Buffer;
  /** Deflated 8-bit alpha samples, or null when the image is opaque. */
  alpha: Buffer | null;
  /** Physical size from the pHYs chunk, when the scanner recorded one. */
  widthMm: number | null;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const invalid = (detail: string): AppError => new AppError('IMPRESSION_INVALID', { detail });

export function decodePng(file: Buffer): RasterImage {
  if (!isPng(file)) throw invalid('not a PNG image');
  let header: { width: number; height: number; depth: number; type: number; interlace: number } | undefined;
  let palette: Buffer = Buffer.alloc(0);
  let transparency: Buffer = Buffer.alloc(0);
  const data: Buffer[] = [];
  for (const { type, body } of pngChunks(file)) {
    if (type === 'IHDR')
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8] ?? 0,
        type: body[9] ?? 0,
        interlace: body[12] ?? 0,
      };
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
  }
  if (header === undefined) throw invalid('PNG without header');
  const channels = CHANNELS[header.type];
  if (header.depth !== 8 || header.interlace !== 0 || channels === undefined) throw invalid('use an 8-bit, non-interlaced PNG');
  if (header.width * header.height > 40_000_000) throw invalid('image too large');
  const pixels = unfilter(inflateSync(Buffer.concat(data)), header.width, header.height, channels);
  const { rgb, alpha } = splitChannels(pixels, header.type, palette, transparency);
  const pixelsPerMetre = pngPixelsPerMetre(file);
  return {
    width: header.width,
    height: header.height,
    rgb: deflateSync(rgb),
    alpha: alpha && deflateSync(alpha),
    widthMm: pixelsPerMetre ? (header.width / pixelsPerMetre) * 1000 : null,
  };
}

function unfilter(raw: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= bpp ? (out[y * stride + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (out[(y - 1) * stride + x - bpp] ?? 0) : 0;
      out[y * stride + x] = (value + predictor(filter, a, b, c)) & 0xff;
    }
  }
  return out;
}

function predictor(filter: number, a: number, b: number, c: number): number {
  if (filter === 1) return a;
  if (filter === 2) return b;
  if (filter === 3) return (a + b) >> 1;
  if (filter === 4) {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
  return 0;
}

function splitChannels(pixels: Buffer, type: number, palette: Buffer, transparency: Buffer): { rgb: Buffer; alpha: Buffer | null } {
  const count = type === 6 ? pixels.length / 4 : type === 4 ? pixels.length / 2 : type === 2 ? pixels.length / 3 : pixels.length;
  const rgb = Buffer.alloc(count * 3);
  const alpha = Buffer.alloc(count, 255);
  for (let i = 0; i < count; i++) {
    let [r, g, b, a] = [0, 0, 0, 255];
    if (type === 6) [r, g, b, a] = [pixels[i * 4] ?? 0, pixels[i * 4 + 1] ?? 0, pixels[i * 4 + 2] ?? 0, pixels[i * 4 + 3] ?? 0];
    else if (type === 4) [r, a] = [pixels[i * 2] ?? 0, pixels[i * 2 + 1] ?? 0];
    else if (type === 2) [r, g, b] = [pixels[i * 3] ?? 0, pixels[i * 3 + 1] ?? 0, pixels[i * 3 + 2] ?? 0];
    else if (type === 3) {
      const index = pixels[i] ?? 0;
      [r, g, b, a] = [palette[index * 3] ?? 0, palette[index * 3 + 1] ?? 0, palette[index * 3 + 2] ?? 0, transparency[index] ?? 255];
    } else r = pixels[i] ?? 0;
    if (type === 0 || type === 4) [g, b] = [r, r];
    rgb.writeUInt8(r, i * 3);
    rgb.writeUInt8(g, i * 3 + 1);
    rgb.writeUInt8(b, i * 3 + 2);
    alpha.writeUInt8(a, i);
  }
  return { rgb, alpha: alpha.every((v) => v === 255) ? null : alpha };
}
