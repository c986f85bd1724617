import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { derFromPem } from '../../electron/services/pki/index.ts';

export type OpensslKey = 'rsa' | 'ec' | 'sm2';

/** `openssl req` arguments for a new key of each kind. */
export const KEY_ARGS: Record<OpensslKey, string[]> = {
  rsa: ['-newkey', 'rsa:2048'],
  ec: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  sm2: ['-newkey', 'sm2', '-sm3'],
};

/** A self-signed certificate made by the openssl command line, so parsing is tested on foreign bytes. */
export function opensslCertificate(dir: string, key: OpensslKey, subject: string): Uint8Array {
  const out = join(dir, `${key}.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', ...KEY_ARGS[key], '-nodes', '-keyout', join(dir, `${key}.key`), '-out', out, '-days', '30', '-subj', subject, '-utf8'],
    {
      stdio: 'ignore',
    },
  );
  const [der] = derFromPem(readFileSync(out, 'utf8'));
  if (der === undefined) throw new Error('openssl wrote no certificate');
  return der;
}

/**
 * `openssl cms -verify` of a detached signature over `contentPath`, against `caPath`, as a recipient runs
 * it: with OpenSSL's own S/MIME-signer purpose check on the signing certificate.
 */
export function opensslCmsVerify(p7sPath: string, contentPath: string, caPath: string): { ok: boolean; output: string } {
  const result = spawnSync(
    'openssl',
    ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7sPath, '-content', contentPath, '-CAfile', caPath, '-out', '/dev/null'],
    { encoding: 'utf8' },
  );
  return { ok: result.status === 0, output: result.stderr };
}

/** `openssl cms -verify` over a signed application package, as the acceptance names it. */
export function verifyApplicationSignature(packageDir: string, caPath: string): { ok: boolean; output: string } {
  return opensslCmsVerify(join(packageDir, 'application.p7s'), join(packageDir, 'application.json'), caPath);
}

/** What the center operator does with a stored submission part: `openssl cms -decrypt` with the center's key files. */
export function decryptAtCenter(centerDir: string, uploadId: string, out: string): { ok: boolean; output: string } {
  const result = spawnSync(
    'openssl',
    ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', join(centerDir, 'uploads', uploadId)].concat([
      '-recip',
      join(centerDir, 'keys', 'encryption.pem'),
      '-inkey',
      join(centerDir, 'keys', 'encryption.key'),
      '-out',
      out,
    ]),
    { encoding: 'utf8' },
  );
  return { ok: result.status === 0, output: result.stderr };
}
