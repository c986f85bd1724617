import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ImpressionMetaSchema } from '../../../shared/model/seal.ts';
import { AppError } from '../../../shared/errors.ts';
import { sha256Hex } from '../pki/index.ts';
import { KeptResults, writeFileAtomic } from '../platform/index.ts';
import { demoImpressionSvg } from './impression/demo.ts';
import { decodePng, type RasterImage } from './impression/png.ts';
import { svgToPdf, type VectorDrawing } from './impression/svg.ts';

export type ImpressionFormat = 'svg' | 'png';

const MetaSchema = ImpressionMetaSchema;
export type ImpressionMeta = z.infer<typeof MetaSchema>;

type DecodedImpression = { kind: 'vector'; drawing: VectorDrawing } | { kind: 'raster'; image: RasterImage };

export type LoadedImpression = DecodedImpression & ImpressionMeta;

export const DEFAULT_SEAL_MM = 42;
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** Impressions (印模) bound to seal certificates by fingerprint, one file and one small manifest each. */
export class ImpressionStore {
  constructor(readonly dir: string) {}

  private paths(fingerprint: string): { meta: string; image: (format: ImpressionFormat) => string } {
    if (!FINGERPRINT.test(fingerprint)) throw new AppError('BAD_REQUEST', { detail: 'fingerprint' });
    return { meta: join(this.dir, `${fingerprint}.json`), image: (format) => join(this.dir, `${fingerprint}.${format}`) };
  }

  meta(fingerprint: string): ImpressionMeta | null {
    const { meta } = this.paths(fingerprint);
    if (!existsSync(meta)) return null;
    const parsed = MetaSchema.safeParse(JSON.parse(readFileSync(meta, 'utf8')));
    return parsed.success ? parsed.data : null;
  }

  /** The impression file as imported, for showing at true size in the UI. */
  raw(fingerprint: string): { meta: ImpressionMeta; bytes: Buffer } | null {
    const meta = this.meta(fingerprint);
    if (meta === null) return null;
    return { meta, bytes: readFileSync(this.paths(fingerprint).image(meta.format)) };
  }

  /** Checks the file can be drawn before keeping it; the width defaults to the image's own or 42 mm. */
  import(fingerprint: string, bytes: Buffer, format: ImpressionFormat, widthMm?: number): ImpressionMeta {
    const { aspect, ownWidth } = naturalSize(bytes, format);
    const width = widthMm ?? (ownWidth && ownWidth > 5 && ownWidth < 100 ? ownWidth : DEFAULT_SEAL_MM);
    const meta: ImpressionMeta = { format, widthMm: width, heightMm: width * aspect };
    const paths = this.paths(fingerprint);
    writeFileAtomic(paths.image(format), bytes, 0o600);
    writeFileAtomic(paths.meta, `${JSON.stringify(meta)}\n`, 0o600);
    return meta;
  }

  /** A renewed seal certificate keeps the impression of the one it replaces (the seal is the same seal). */
  carryOver(from: string, to: string): void {
    const previous = this.raw(from);
    if (previous !== null && this.meta(to) === null) this.import(to, previous.bytes, previous.meta.format, previous.meta.widthMm);
  }

  /** Demo mode: a generated round seal for a seal certificate that has none. */
  ensureDemo(fingerprint: string, unitName: string): void {
    if (this.meta(fingerprint) !== null) return;
    const svg = demoImpressionSvg({ unitName, purpose: '电子印章', diameterMm: DEFAULT_SEAL_MM });
    this.import(fingerprint, Buffer.from(svg, 'utf8'), 'svg', DEFAULT_SEAL_MM);
  }

  load(fingerprint: string, sealName: string): LoadedImpression {
    const raw = this.raw(fingerprint);
    if (raw === null) throw new AppError('IMPRESSION_MISSING', { name: sealName });
    return { ...decoded(raw.meta.format, raw.bytes), ...raw.meta };
  }
}

/** By content: every document of a batch is sealed with one impression, and a 600 dpi PNG is slow to decode. */
const decodedImpressions = new KeptResults<string, DecodedImpression>(8);

function decoded(format: ImpressionFormat, bytes: Buffer): DecodedImpression {
  return decodedImpressions.get(`${format}:${sha256Hex(bytes)}`, () =>
    format === 'svg' ? { kind: 'vector', drawing: svgToPdf(bytes.toString('utf8')) } : { kind: 'raster', image: decodePng(bytes) },
  );
}

function naturalSize(bytes: Buffer, format: ImpressionFormat): { aspect: number; ownWidth: number | null } {
  if (format === 'svg') {
    const drawing = svgToPdf(bytes.toString('utf8'));
    return { aspect: drawing.height / drawing.width, ownWidth: drawing.widthMm || null };
  }
  const image = decodePng(bytes);
  return { aspect: image.height / image.width, ownWidth: image.widthMm };
}
