import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { Settings } from '../../../shared/model/settings.ts';
import type { SkippedRoot, TrustRoots } from '../../../shared/model/trust-roots.ts';
import { sha256Hex } from './certificate.ts';
import { readCertificateFields } from './certificate-fields.ts';
import { derFromPem } from './pem.ts';

export interface TrustedRoots {
  roots: Uint8Array[];
  /** Blocks that are not certificates, or text without one: named by source and position, never stopping the others. */
  skipped: SkippedRoot[];
}

interface FoundRoot {
  source: string;
  position: number;
  der: Uint8Array;
}

/**
 * The roots every trust decision starts from: those configured in 设置, files the shell adds (the demo
 * CA, `--trust`), and the resource center's CA pinned at enrolment, which issues the units' certificates.
 */
export function readTrustedRoots(settings: Settings, extraRootFiles: readonly string[]): TrustedRoots {
  const { found, skipped } = scanRoots(settings, extraRootFiles);
  return { roots: found.map((root) => root.der), skipped };
}

export function trustedRootsOf(settings: Settings, extraRootFiles: readonly string[]): Uint8Array[] {
  return readTrustedRoots(settings, extraRootFiles).roots;
}

/** What 设置 shows: each root by subject and where it came from, and each block left out with why. */
export function listTrustedRoots(settings: Settings, extraRootFiles: readonly string[]): TrustRoots {
  const { found, skipped } = scanRoots(settings, extraRootFiles);
  const roots = found.map(({ source, position, der }) => ({
    source,
    position,
    subject: readCertificateFields(der).subject.text,
    fingerprint: sha256Hex(der),
  }));
  return { roots, skipped };
}

/** Each source's certificates numbered from 1 in order (the settings' entries count as one source). */
function scanRoots(settings: Settings, extraRootFiles: readonly string[]): { found: FoundRoot[]; skipped: SkippedRoot[] } {
  const found: FoundRoot[] = [];
  const skipped: SkippedRoot[] = [];
  const positions = new Map<string, number>();
  const next = (source: string) => {
    const position = (positions.get(source) ?? 0) + 1;
    positions.set(source, position);
    return position;
  };
  const takeCertificates = (source: string, ders: readonly Uint8Array[]) => {
    for (const der of ders) {
      const position = next(source);
      if (readable(der)) found.push({ source, position, der });
      else skipped.push({ source, position, fingerprint: sha256Hex(der), reason: 'unreadable' });
    }
  };
  const takeText = (source: string, text: string) => {
    const ders = blocksOf(text);
    if (ders !== null) takeCertificates(source, ders);
    else skipped.push({ source, position: next(source), fingerprint: sha256Hex(Buffer.from(text, 'utf8')), reason: 'not-pem' });
  };
  for (const pem of settings.trustedRoots) takeText('settings', pem);
  for (const file of extraRootFiles) takeText(file, readFileSync(file, 'utf8'));
  const centerCas = settings.centerEnrolment?.caCertificates ?? [];
  takeCertificates(
    'center',
    centerCas.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))),
  );
  return { found, skipped };
}

/** The PEM certificate blocks of `pem`; null when it holds none, so the whole text is skipped. */
function blocksOf(pem: string): Uint8Array[] | null {
  try {
    return derFromPem(pem);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CERT_PARSE_FAILED') throw error;
    return null;
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
