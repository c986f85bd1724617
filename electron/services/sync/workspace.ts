import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { unitCertificatesOf, type CenterEnrolment } from '../../../shared/model/center-link.ts';
import type { Settings } from '../../../shared/model/settings.ts';
import { readDemoEnvironment } from '../demo/environment.ts';
import { derFromPem } from '../pki/index.ts';
import type { SettingsStore } from '../settings/index.ts';
import type { TokenService } from '../token/index.ts';

/** SEALDESK_CENTER_URL, then the saved address; the demo center's URL is exported by `demo init`. */
export function centerUrl(settings: Settings, env: NodeJS.ProcessEnv = process.env): string {
  const url = env['SEALDESK_CENTER_URL'] ?? settings.centerUrl;
  if (!url) throw new AppError('CENTER_NOT_CONFIGURED');
  return url;
}

/** Roots the center's certificates must chain to: the configured ones, plus the demo CA in demo mode. */
export function centerTrustRoots(settings: Settings, dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array[] {
  const demo = readDemoEnvironment(join(dataDir, 'demo'));
  const files = [env['SEALDESK_DEMO_CA'], demo?.caCertPath].filter((file): file is string => typeof file === 'string' && file !== '');
  return [...settings.trustedRoots, ...files.map((file) => readFileSync(file, 'utf8'))].flatMap((pem) => derFromPem(pem));
}

export function requireEnrolment(settings: SettingsStore): CenterEnrolment {
  const enrolment = settings.read().centerEnrolment;
  if (enrolment === null) throw new AppError('CENTER_NOT_ENROLLED');
  return enrolment;
}

/** Enrolling again (a renewed or new unit certificate) keeps the certificates enrolled before as former ones. */
export function saveEnrolment(settings: SettingsStore, enrolment: CenterEnrolment): void {
  const current = settings.read();
  const known = unitCertificatesOf(current.centerEnrolment);
  const formerUnitCertificates = [...new Set([...known, ...(enrolment.formerUnitCertificates ?? [])])].filter(
    (fingerprint) => fingerprint !== enrolment.unitCertificate,
  );
  settings.write({ ...current, centerEnrolment: { ...enrolment, formerUnitCertificates }, centerUrl: enrolment.url });
}

/** The unit certificate on the token: the one named, else the only unit certificate with a key. */
export async function unitCertificateSelector(tokens: TokenService, serial: string, named: string | undefined): Promise<string> {
  if (named !== undefined) return named;
  const { certificates } = await tokens.certificates(serial);
  const units = certificates.filter((certificate) => certificate.kind === 'unit' && certificate.hasPrivateKey);
  const [only] = units;
  if (units.length !== 1 || only === undefined) throw new AppError('CERT_NOT_FOUND', { selector: '单位证书' });
  return only.fingerprintSha256;
}
