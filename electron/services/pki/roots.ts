import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { Settings } from '../../../shared/model/settings.ts';
import type { SkippedCertificate } from '../../../shared/model/verification.ts';
import { sha256Hex } from './certificate.ts';
import { readCertificateFields } from './certificate-fields.ts';
import { derFromPem } from './pem.ts';

export interface TrustedRoots {
  roots: Uint8Array[];
  /** Blocks that are not certificates, or files without one: named, never stopping the others. */
  skipped: SkippedCertificate[];
}

/**
 * The roots every trust decision starts from: those configured in 设置, files the shell adds (the demo
 * CA, `--trust`), and the resource center's CA pinned at enrolment, which issues the units' certificates.
 */
export function readTrustedRoots(settings: Settings, extraRootFiles: readonly string[]): TrustedRoots {
  const found: TrustedRoots = { roots: [], skipped: [] };
  const take = (source: string, ders: readonly Uint8Array[]) => {
    for (const der of ders) {
      if (readable(der)) found.roots.push(der);
      else found.skipped.push({ source, fingerprint: sha256Hex(der) });
    }
  };
  for (const pem of settings.trustedRoots) take('settings', blocksOf('settings', pem, found.skipped));
  for (const file of extraRootFiles) take(file, blocksOf(file, readFileSync(file, 'utf8'), found.skipped));
  for (const b64 of settings.centerEnrolment?.caCertificates ?? []) take('center', [new Uint8Array(Buffer.from(b64, 'base64'))]);
  return found;
}

export function trustedRootsOf(settings: Settings, extraRootFiles: readonly string[]): Uint8Array[] {
  return readTrustedRoots(settings, extraRootFiles).roots;
}

/** Text without a single PEM certificate block is skipped whole, named by its source and the hash of its bytes. */
function blocksOf(source: string, pem: string, skipped: SkippedCertificate[]): Uint8Array[] {
  try {
    return derFromPem(pem);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CERT_PARSE_FAILED') throw error;
    skipped.push({ source, fingerprint: sha256Hex(new Uint8Array(Buffer.from(pem, 'utf8'))) });
    return [];
  }
}

function readable(der: Uint8Array): boolean {
  try {
    readCertificateFields(der);
    return true;
  } catch {
    return false;
  }
}
