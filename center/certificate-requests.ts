import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { CERTIFICATE_REQUEST_FILES, CertificateRequestSchema, type CertificateRequest } from '../shared/center/certificate-request.ts';
import { checkSignedContent, signatureHolds } from '../electron/services/cms/index.ts';
import { parseJsonOrNull } from '../shared/validation/json.ts';
import { Rejected } from './auth.ts';
import { openEnvelope } from './crypto/open-envelope.ts';
import type { SubmissionRecord } from './store.ts';
import type { CenterUploads } from './uploads.ts';

export interface SignedCertificateRequest {
  request: CertificateRequest;
  /** The certificate that signed request.json (DER). */
  signer: Uint8Array;
}

/**
 * Opens a certificate-request submission with the center's encryption key and checks its signature:
 * request.p7s must cover request.json exactly, made by the certificate it carries. Who that may be is
 * the caller's rule (the replaced certificate for a renewal).
 */
export async function readCertificateRequest(
  record: SubmissionRecord,
  uploads: CenterUploads,
  key: KeyObject,
  scratch: string,
): Promise<SignedCertificateRequest> {
  const dir = mkdtempSync(join(scratch, 'request-'));
  try {
    const open = async (name: string): Promise<Buffer> => {
      const part = record.parts.find((p) => p.name === name);
      if (part === undefined) throw new Rejected('certificate-request-invalid', 400);
      const out = join(dir, name);
      await openEnvelope(uploads.path(part.uploadId), out, key);
      return readFileSync(out);
    };
    const json = await open(CERTIFICATE_REQUEST_FILES.request);
    const p7s = await open(CERTIFICATE_REQUEST_FILES.signature);
    const check = checkSignedContent(p7s, json);
    if (!signatureHolds(check)) throw new Rejected('certificate-request-invalid', 400);
    const request = CertificateRequestSchema.safeParse(parseJsonOrNull(json));
    if (!request.success) throw new Rejected('certificate-request-invalid', 400);
    return { request: request.data, signer: check.signerCertificate };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
