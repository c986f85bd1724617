import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { KeyType, TokenCertificate } from '../../../shared/model/certificate.ts';
import { daysLeft } from '../../../shared/model/certificate-status.ts';
import { buildCertificateRequest, describeCertificate, evaluateTrust, readCertificateFields } from '../pki/index.ts';
import type { KeyPairSpec, TokenService } from '../token/index.ts';

/** A key pair generated on the token for a certificate being renewed, and its signed request. */
export interface RenewalKey {
  serial: string;
  /** CKA_ID of the new pair; the issued certificate is written under the same id. */
  keyId: string;
  /** The certificate being replaced, which keeps working until the new one is installed. */
  replaces: { fingerprint: string; label: string; kind: TokenCertificate['kind'] };
  csr: Uint8Array;
}

const RSA_SIZES = [2048, 3072, 4096] as const;

/** The same kind and size as the key being replaced; SM2 keys need the vendor's mechanisms. */
function specFor(keyType: KeyType, label: string, idHex: string): KeyPairSpec {
  const bits = RSA_SIZES.find((size) => size === keyType.bits);
  if (keyType.family === 'RSA' && bits !== undefined) return { kind: 'RSA', bits, label, idHex };
  if (keyType.display === 'EC P-256') return { kind: 'EC', curve: 'P-256', label, idHex };
  throw new AppError('KEY_GENERATION_UNSUPPORTED', { keyType: keyType.display });
}

/**
 * Generates the new key pair on the token (sensitive, never extractable) and a PKCS#10 request signed by
 * it for the old certificate's subject. Only a still-valid certificate with its key on this token can be
 * renewed: its key signs the renewal application. If the request cannot be made, `discard` takes the new
 * pair off again, leaving the token as it was.
 */
export async function generateRenewalKey(
  tokens: TokenService,
  serial: string,
  selector: string,
  discard: (keyId: string) => Promise<unknown> = (keyId) => tokens.destroyObjects(serial, keyId),
): Promise<RenewalKey> {
  const { certificate, der } = await tokens.certificateDer(serial, selector);
  if (!certificate.hasPrivateKey) throw new AppError('KEY_NOT_FOUND', { selector });
  if (daysLeft(certificate.notAfter, new Date()) < 0) throw new AppError('RENEWAL_CERT_EXPIRED', { label: certificate.label });
  const keyId = randomBytes(8).toString('hex');
  const spec = specFor(certificate.keyType, certificate.label, keyId);
  // Told before anything changes on the token.
  const check = await tokens.generationCheck(serial, spec);
  if (check === 'unsupported') throw new AppError('KEY_GENERATION_UNSUPPORTED', { keyType: certificate.keyType.display });
  if (check === 'full') throw new AppError('TOKEN_FULL', { serial });
  const spki = await tokens.generateKeyPair(serial, spec);
  try {
    const subject = readCertificateFields(der).subject.der;
    const csr = await buildCertificateRequest(subject, spki, tokens.keySigner(serial, keyId, certificate.keyType));
    return { serial, keyId, replaces: certificateSummary(certificate), csr };
  } catch (error) {
    await discard(keyId);
    throw error;
  }
}

/** What a request keeps of a certificate it is about, to act on the answer and to show it. */
export function certificateSummary(certificate: TokenCertificate): RenewalKey['replaces'] {
  return { fingerprint: certificate.fingerprintSha256, label: certificate.label, kind: certificate.kind };
}

/**
 * Writes the certificate the center issued onto the token under the new key's id, after checking it
 * is for that key, chains to the trusted roots, is of the same kind and may sign. The old certificate
 * keeps its objects (relabelled "旧") until the holder confirms its removal.
 */
export async function installRenewedCertificate(
  tokens: TokenService,
  renewal: RenewalKey,
  issued: Uint8Array,
  roots: readonly Uint8Array[],
): Promise<TokenCertificate> {
  const details = describeCertificate(issued);
  const cert = readCertificateFields(issued);
  const onToken = await tokens.publicKey(renewal.serial, renewal.keyId);
  if (!Buffer.from(cert.subjectPublicKeyInfo).equals(Buffer.from(onToken))) throw new AppError('ISSUED_CERT_MISMATCH');
  const issuers = (await tokens.certificateObjects(renewal.serial)).map((o) => o.der);
  const trust = evaluateTrust(issued, issuers, roots, new Date(), { purpose: 'signing' });
  if (trust.status !== 'trusted') {
    throw new AppError('ISSUED_CERT_UNTRUSTED', {
      subject: trust.failure?.subject ?? details.subject.text,
      problem: trust.failure?.problem ?? trust.status,
    });
  }
  if (details.kind !== renewal.replaces.kind)
    throw new AppError('ISSUED_CERT_WRONG_TYPE', { expected: renewal.replaces.kind, actual: details.kind });
  const old = await tokens.certificateDer(renewal.serial, renewal.replaces.fingerprint);
  await tokens.relabel(renewal.serial, old.certificate.objectId, `${renewal.replaces.label}（旧）`);
  await tokens.importCertificate(renewal.serial, {
    label: renewal.replaces.label,
    idHex: renewal.keyId,
    der: issued,
    subjectDer: cert.subject.der,
  });
  return (await tokens.certificateDer(renewal.serial, details.fingerprintSha256)).certificate;
}

/** After the holder confirms: the replaced certificate and its key pair leave the token. */
export async function removeReplacedKey(tokens: TokenService, serial: string, fingerprint: string): Promise<void> {
  const { certificate } = await tokens.certificateDer(serial, fingerprint);
  await tokens.destroyObjects(serial, certificate.objectId);
}
