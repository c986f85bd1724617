import { readFileSync } from 'node:fs';
import type { Settings } from '../../../shared/model/settings.ts';
import { derFromPem } from './pem.ts';

/**
 * The roots every trust decision starts from: those configured in 设置, files the shell adds (the demo
 * CA), and the resource center's CA pinned at enrolment, which issues the units' certificates.
 */
export function trustedRootsOf(settings: Settings, extraRootFiles: readonly string[]): Uint8Array[] {
  const pems = [...settings.trustedRoots, ...extraRootFiles.map((file) => readFileSync(file, 'utf8'))];
  const centerRoots = (settings.centerEnrolment?.caCertificates ?? []).map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
  return [...pems.flatMap((pem) => derFromPem(pem)), ...centerRoots];
}
