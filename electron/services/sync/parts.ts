import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { OutboxPart, PartSealing } from '../../../shared/model/outbox.ts';
import { envelopeBytes, fileContent, sealingFor, type EnvelopeContent, type EnvelopeSealing } from '../cms/index.ts';

export interface PartSource {
  /** The part's place in the package, e.g. `application.json` or `attachments/licence`. */
  name: string;
  content(): Promise<EnvelopeContent>;
}

/** A package folder from `forms sign` as parts: application.json, application.p7s and its attachments. */
export function folderParts(dir: string): PartSource[] {
  const walk = (at: string): string[] =>
    readdirSync(at, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(at, entry.name)) : entry.isFile() ? [join(at, entry.name)] : [],
    );
  return walk(dir)
    .sort()
    .map((path) => ({ name: relative(dir, path).split(sep).join('/'), content: () => fileContent(path) }));
}

/** A sealed PDF sent alone is named by what it is: the center files a usage report apart from other documents. */
export const PDF_PART_NAMES = { document: 'document.pdf', 'usage-report': 'usage-report.pdf' } as const;

export function fileParts(path: string, name: string): PartSource[] {
  statSync(path);
  return [{ name, content: () => fileContent(path) }];
}

/**
 * Each part's content key, nonce and wrapped key, made when the submission is queued; the bytes are
 * encrypted only as they are uploaded (streamEnvelope), so nothing of the submission is written twice.
 */
export async function sealParts(sources: PartSource[], recipient: Uint8Array): Promise<OutboxPart[]> {
  const parts: OutboxPart[] = [];
  for (const source of sources) parts.push(sealPart(source.name, await source.content(), recipient));
  return parts;
}

function sealPart(name: string, content: EnvelopeContent, recipient: Uint8Array): OutboxPart {
  const sealing = sealingFor(content, recipient);
  return { name, size: sealing.size, sealing: storedSealing(sealing), blocksSha256: null, uploadUrl: null, uploaded: false };
}

function storedSealing({ contentKey, nonce, head, content }: EnvelopeSealing): PartSealing {
  return { contentKey: contentKey.toString('base64'), nonce: nonce.toString('base64'), head: head.toString('base64'), content };
}

/**
 * The part's envelope as a stream, the same bytes as any earlier attempt sent. A part whose source
 * changed since (or that an earlier version spooled) gets a new sealing and starts a new upload: a
 * content key is never used on other bytes. `reseal` records the new one before a byte is sent.
 */
export async function streamEnvelope(
  part: OutboxPart,
  source: PartSource,
  recipient: Uint8Array,
  reseal: (part: OutboxPart) => void,
): Promise<{ part: OutboxPart; bytes: () => AsyncIterable<Buffer> }> {
  const content = await source.content();
  let current = part;
  if (part.sealing?.content !== content.fingerprint) {
    current = sealPart(source.name, content, recipient);
    reseal(current);
  }
  const stored = current.sealing;
  if (stored === null) throw new AppError('INTERNAL', { detail: 'part without sealing' });
  const sealing: EnvelopeSealing = {
    contentKey: Buffer.from(stored.contentKey, 'base64'),
    nonce: Buffer.from(stored.nonce, 'base64'),
    head: Buffer.from(stored.head, 'base64'),
    content: stored.content,
    size: current.size,
  };
  return { part: current, bytes: () => envelopeBytes(sealing, content, source.name) };
}

/** Envelopes an earlier version encrypted into the spool before uploading them. */
export function dropSpool(spoolDir: string, submissionId: string): void {
  rmSync(join(spoolDir, submissionId), { recursive: true, force: true });
}
