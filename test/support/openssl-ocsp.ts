import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derFromPem } from '../../electron/services/pki/index.ts';
import { KEY_ARGS } from './openssl.ts';

/** A certificate and key made by the openssl command line, with the paths openssl's responder takes. */
export interface OpensslParty {
  der: Uint8Array;
  certPath: string;
  keyPath: string;
  serialHex: string;
  subject: string;
}

function readDer(path: string): Uint8Array {
  const [der] = derFromPem(readFileSync(path, 'utf8'));
  if (der === undefined) throw new Error(`no certificate in ${path}`);
  return der;
}

function partyAt(dir: string, name: string, subject: string): OpensslParty {
  const certPath = join(dir, `${name}.pem`);
  const serial = execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-serial'], { encoding: 'utf8' });
  return { der: readDer(certPath), certPath, keyPath: join(dir, `${name}.key`), serialHex: serial.trim().replace(/^serial=/, ''), subject };
}

const openssl = (args: readonly string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });

export function opensslCa(dir: string, name: string): OpensslParty {
  const subject = `/CN=${name}`;
  const ca = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  const files = ['-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`)];
  openssl(['req', '-x509', ...KEY_ARGS.rsa, '-nodes', ...files, '-days', '30', '-subj', subject, ...ca]);
  return partyAt(dir, name, subject);
}

/** A certificate `issuer` signs; `extensions` are openssl x509v3 lines (e.g. `extendedKeyUsage=OCSPSigning`). */
export function opensslIssued(dir: string, issuer: OpensslParty, name: string, extensions: readonly string[] = []): OpensslParty {
  const subject = `/CN=${name}`;
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, ['basicConstraints=CA:FALSE', ...extensions, ''].join('\n'));
  openssl(['req', '-new', ...KEY_ARGS.ec, '-nodes', '-keyout', join(dir, `${name}.key`), '-out', csr, '-subj', subject]);
  const signing = ['-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-CAcreateserial'];
  openssl(['x509', '-req', '-in', csr, ...signing, '-days', '30', '-extfile', ext, '-out', join(dir, `${name}.pem`)]);
  return partyAt(dir, name, subject);
}

export interface IndexEntry {
  party: OpensslParty;
  revokedAt?: Date;
}

function opensslTime(date: Date): string {
  return `${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
}

/** The `openssl ca` database (index.txt) in `dir` holding `entries`; its path. */
function writeIndex(dir: string, entries: readonly IndexEntry[]): string {
  const index = join(dir, 'index.txt');
  const expiry = opensslTime(new Date(Date.now() + 30 * 86_400_000));
  const line = ({ party, revokedAt }: IndexEntry) =>
    [
      revokedAt === undefined ? 'V' : 'R',
      expiry,
      revokedAt === undefined ? '' : opensslTime(revokedAt),
      party.serialHex,
      'unknown',
      party.subject,
    ].join('\t');
  writeFileSync(index, entries.map(line).join('\n') + '\n');
  return index;
}

/**
 * `openssl ocsp` as the responder: it answers the request file from an index.txt (the `openssl ca`
 * database), signed by `signer` (the CA itself or a delegated responder). Returns the DER response.
 */
export function opensslOcspRespond(
  dir: string,
  request: Uint8Array,
  ca: OpensslParty,
  signer: OpensslParty,
  entries: readonly IndexEntry[],
): Uint8Array {
  const index = writeIndex(dir, entries);
  const requestPath = join(dir, 'request.der');
  const responsePath = join(dir, 'response.der');
  writeFileSync(requestPath, request);
  const signing = ['-CA', ca.certPath, '-rsigner', signer.certPath, '-rkey', signer.keyPath];
  openssl(['ocsp', '-index', index, ...signing, '-reqin', requestPath, '-respout', responsePath, '-ndays', '1']);
  return new Uint8Array(readFileSync(responsePath));
}

/** `openssl ca -gencrl`: the CRL `ca` issues from an index.txt of `entries` (the revoked ones listed), with a CRL number. DER. */
export function opensslCrl(dir: string, ca: OpensslParty, entries: readonly IndexEntry[]): Uint8Array {
  const config = join(dir, 'crl.cnf');
  const crlnumber = join(dir, 'crlnumber');
  writeFileSync(crlnumber, '01\n');
  const database = writeIndex(dir, entries);
  writeFileSync(
    config,
    [
      '[ ca ]',
      'default_ca = crl_ca',
      '[ crl_ca ]',
      `database = ${database}`,
      `crlnumber = ${crlnumber}`,
      'default_md = sha256',
      'default_crl_days = 30',
      '',
    ].join('\n'),
  );
  const pem = join(dir, 'crl.pem');
  openssl(['ca', '-gencrl', '-config', config, '-keyfile', ca.keyPath, '-cert', ca.certPath, '-out', pem]);
  const der = join(dir, 'crl.der');
  openssl(['crl', '-in', pem, '-outform', 'DER', '-out', der]);
  return new Uint8Array(readFileSync(der));
}
