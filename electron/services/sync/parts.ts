import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { OutboxPart } from '../../../shared/model/outbox.ts';
import { encryptForRecipient, type EnvelopeContent, fileContent } from '../cms/index.ts';

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
 * Encrypts each part to the center into the spool: from here on the submission exists only as
 * ciphertext, and a crash before the outbox records the parts leaves nothing but the spool folder.
 */
export async function sealParts(
  spoolDir: string,
  submissionId: string,
  sources: PartSource[],
  recipient: Uint8Array,
): Promise<OutboxPart[]> {
  const dir = join(spoolDir, submissionId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const parts: OutboxPart[] = [];
  for (const [index, source] of sources.entries()) {
    const envelope = join(dir, `${index}.p7m`);
    const sealed = await encryptForRecipient(await source.content(), envelope, recipient);
    parts.push({ name: source.name, envelope, size: sealed.size, sha256: sealed.sha256, uploadUrl: null, uploaded: false });
  }
  return parts;
}

export function dropSpool(spoolDir: string, submissionId: string): void {
  rmSync(join(spoolDir, submissionId), { recursive: true, force: true });
}
