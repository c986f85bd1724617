import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { WorkingDayCalendar } from '../../../shared/calendar/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { FieldError, FormDefinition } from '../../../shared/forms/index.ts';
import { checkSignedContent, signContent } from '../cms/index.ts';
import { sha256OfFile, writeFileAtomic } from '../platform/index.ts';
import type { Signer } from '../token/index.ts';
import { checkAttachment, copyHashing } from './attachments.ts';
import { canonicalJson } from './canonical.ts';
import { attachmentFields } from './catalog.ts';
import { validateApplication } from './validate.ts';

export const APPLICATION_FORMAT = 'sealdesk.application/1';

/** What the applicant signs: the form, its data, and each attachment's digest (RFC 8785 JSON). */
const SignedApplicationSchema = z.object({
  format: z.literal(APPLICATION_FORMAT),
  form: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
  data: z.record(z.string(), z.unknown()),
  attachments: z.array(
    z.object({
      field: z.string(),
      name: z.string(),
      mediaType: z.string(),
      size: z.number().int(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  signedAt: z.string(),
});
export type SignedApplication = z.infer<typeof SignedApplicationSchema>;
export type AttachmentRecord = SignedApplication['attachments'][number];

export interface SignRequest {
  form: FormDefinition;
  data: Record<string, unknown>;
  /** Files the user attached; the data names them by file name. */
  files: readonly string[];
  signer: Signer;
  chain: readonly Uint8Array[];
  calendar: WorkingDayCalendar;
  outDir: string;
}

export class InvalidApplication extends AppError {
  constructor(readonly errors: FieldError[]) {
    super('FORM_INVALID', { count: errors.length });
  }
}

/** Refuses data with any problem, carrying every field error for the caller to show. */
export function assertValid(form: FormDefinition, data: Record<string, unknown>, calendar: WorkingDayCalendar): void {
  const errors = validateApplication(form, data, calendar);
  if (errors.length > 0) throw new InvalidApplication(errors);
}

export interface SignedPackage {
  application: SignedApplication;
  /** application.json: exactly the bytes the signature covers. */
  json: Buffer;
  /** application.p7s: the detached CMS signature, DER. */
  p7s: Buffer;
}

/** Signs the canonical JSON of the form data and the attachments' digests, wherever the attachments are kept. */
export async function signApplicationData(request: {
  form: FormDefinition;
  data: Record<string, unknown>;
  attachments: AttachmentRecord[];
  signer: Signer;
  chain: readonly Uint8Array[];
}): Promise<SignedPackage> {
  const { form, data, attachments } = request;
  const application: SignedApplication = {
    format: APPLICATION_FORMAT,
    form: { id: form.id, version: form.version, title: form.title },
    data,
    attachments,
    signedAt: new Date().toISOString(),
  };
  const json = Buffer.from(canonicalJson(application), 'utf8');
  const p7s = Buffer.from(await signContent(request.signer, json, { chain: request.chain, signingTime: new Date() }));
  return { application, json, p7s };
}

/**
 * The CLI's flow: validates, checks every attachment file, then writes the package into a fresh
 * directory that appears only when complete: application.json, application.p7s and the attachments.
 */
export async function signApplication(request: SignRequest): Promise<{ dir: string; application: SignedApplication }> {
  const { form, data } = request;
  assertValid(form, data, request.calendar);
  const sources = attachmentFields(form, data).map((field) => {
    const file = request.files.find((f) => basename(f) === field.name);
    if (file === undefined) throw new AppError('ATTACHMENT_MISSING', { name: field.name, field: field.title });
    return { field, file, ...checkAttachment(file, field.title, field.spec) };
  });
  return writePackage(request.outDir, async (staging) => {
    const attachments: AttachmentRecord[] = [];
    for (const source of sources) {
      const sha256 = await copyHashing(source.file, join(staging, 'attachments', source.field.name));
      attachments.push({ field: source.field.path, name: source.field.name, mediaType: source.mediaType, size: source.size, sha256 });
    }
    return signApplicationData({ form, data, attachments, signer: request.signer, chain: request.chain });
  });
}

/**
 * Fills a staging directory next to `outDir` (attachments first, through `fill`), adds the signed
 * JSON and signature, and renames it into place only when complete.
 */
export async function writePackage(
  outDir: string,
  fill: (staging: string) => Promise<SignedPackage>,
): Promise<{ dir: string; application: SignedApplication }> {
  if (existsSync(outDir)) throw new AppError('OUTPUT_EXISTS', { path: outDir });
  const staging = `${outDir}.sealdesk-tmp-${process.pid}`;
  mkdirSync(join(staging, 'attachments'), { recursive: true, mode: 0o700 });
  try {
    const signed = await fill(staging);
    writeFileAtomic(join(staging, 'application.json'), signed.json, 0o600);
    writeFileAtomic(join(staging, 'application.p7s'), signed.p7s, 0o600);
    renameSync(staging, outDir);
    return { dir: outDir, application: signed.application };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

export interface PackageCheck {
  application: SignedApplication;
  signerCertificate: Uint8Array;
  signingTime: string | null;
}

/** Re-checks a package: the signature over application.json, then every attachment against its signed digest. */
export async function verifyApplicationPackage(dir: string): Promise<PackageCheck> {
  const bytes = readFileSync(join(dir, 'application.json'));
  const check = checkSignedContent(readFileSync(join(dir, 'application.p7s')), bytes);
  if (!check.digestMatches) throw new AppError('APPLICATION_TAMPERED', { detail: 'application.json' });
  if (!check.signatureValid) throw new AppError('SIGNATURE_INVALID', { reason: 'application.p7s' });
  const parsed = SignedApplicationSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new AppError('APPLICATION_TAMPERED', { detail: 'application.json' });
  const application = parsed.data;
  for (const attachment of application.attachments) {
    const path = join(dir, 'attachments', basename(attachment.name));
    const digest = existsSync(path) ? await sha256OfFile(path) : 'missing';
    if (digest !== attachment.sha256) throw new AppError('APPLICATION_TAMPERED', { detail: `attachments/${attachment.name}` });
  }
  return { application, signerCertificate: check.signerCertificate, signingTime: check.signingTime };
}
