import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import { digestOf, hashForOid, schemeForAlgorithm, sha256Hex, verifySignature, type HashName, type SignatureScheme } from '../pki/index.ts';
import { contentOf, DER_TAG, readDerHeader, readTime } from '../der/index.ts';
import { essCertHashes } from './ess.ts';
import { issuerAndSerialOf, type IssuerAndSerial } from './issuer-serial.ts';
import { CMS_OID } from './oids.ts';
import { archivedRevocationData } from './revocation-archive.ts';
import { readSignedData, type SignedDataFields, type SignerInfoFields } from './signed-data.ts';

export interface SignatureParts {
  /** DER of the certificate the SignerInfo names. */
  signerCertificate: Uint8Array;
  /** Every certificate carried in the SignedData, DER. */
  certificates: Uint8Array[];
  /** The signature time-stamp (RFC 3161 token) in the unsigned attributes, if any. */
  timestampToken: Uint8Array | null;
  /** SHA-256 of the signature value: what a signature time-stamp must carry as its imprint. */
  signatureImprint: Uint8Array;
  /** OCSP responses the signer archived in the signed attributes (adbe-revocationInfoArchival), DER. */
  ocspResponses: Uint8Array[];
  /** CRLs the signer archived in the same attribute, DER. */
  crls: Uint8Array[];
}

export interface DetachedSignatureCheck extends SignatureParts {
  /** The messageDigest attribute equals the digest of the content as it is now. */
  digestMatches: boolean;
  /** The signature over the signed attributes verifies with the signer certificate's key. */
  signatureValid: boolean;
  /** ESS signing-certificate-v2 names this very certificate (OpenSSL 3.0 does not check this). */
  essCertificateMatches: boolean;
  /** CAdES carries the ESS attribute; plain PKCS#7 signatures from older tools often do not. */
  hasEssAttribute: boolean;
  scheme: SignatureScheme | null;
  signingTime: string | null;
}

/**
 * A CMS SignedData parsed once: first the hash the signer applied to the content (the caller digests
 * the content with it while streaming), then the check against that digest.
 */
export interface DetachedSignature {
  hash: HashName;
  check(contentDigest: Uint8Array): DetachedSignatureCheck;
}

export function readDetachedSignature(cmsDer: Uint8Array): DetachedSignature {
  return signatureOf(readSignedData(cmsDer));
}

/** The same, for a SignedData already read (a time-stamp token, whose content is read from it too). */
export function signatureOf(signedData: SignedDataFields): DetachedSignature {
  const [signerInfo] = signedData.signerInfos;
  const hash = signerInfo === undefined ? undefined : hashForOid(signerInfo.digestAlgorithm);
  if (signerInfo === undefined || hash === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'unsupported digest algorithm' });
  return { hash, check: (contentDigest) => checkSignerInfo(signedData, signerInfo, contentDigest) };
}

function findSignerCertificate(certificates: readonly Uint8Array[], { sid }: SignerInfoFields): Uint8Array {
  const match = sid && certificates.find((der) => sameIssuerAndSerial(issuerAndSerialOf(der), sid));
  if (!match) throw new AppError('SIGNATURE_INVALID', { reason: 'signer certificate missing' });
  return match;
}

function sameIssuerAndSerial(a: IssuerAndSerial, b: IssuerAndSerial): boolean {
  return Buffer.from(a.serial).equals(b.serial) && Buffer.from(a.issuer).equals(b.issuer);
}

/**
 * Checks a detached CMS signature against the digest of its content (made with its `hash`): digest, signature and
 * the ESS certificate binding, each reported apart so a caller can say exactly what failed.
 * Trust in the certificate is a separate question (pki chain validation), not answered here.
 */
function checkSignerInfo(signedData: SignedDataFields, signerInfo: SignerInfoFields, contentDigest: Uint8Array): DetachedSignatureCheck {
  const { signedAttributes, signed } = signerInfo;
  if (signedAttributes === null) throw new AppError('SIGNATURE_INVALID', { reason: 'no signed attributes' });
  const parts = partsOf(signedData, signerInfo);
  const messageDigest = attributeContent(signed.get(CMS_OID.messageDigest), DER_TAG.octetString);
  const ess = signed.get(CMS_OID.signingCertificateV2);
  const scheme = schemeForAlgorithm(signerInfo.signatureAlgorithm, hashForOid(signerInfo.digestAlgorithm));
  return {
    ...parts,
    digestMatches: messageDigest !== undefined && Buffer.from(messageDigest).equals(contentDigest),
    signatureValid: scheme !== null && verifySignature(parts.signerCertificate, scheme, signedAttributes, signerInfo.signature),
    essCertificateMatches: ess !== undefined && essCertHashes(ess).includes(sha256Hex(parts.signerCertificate)),
    hasEssAttribute: ess !== undefined,
    scheme,
    signingTime: signingTimeOf(signed.get(CMS_OID.signingTime)),
  };
}

function attributeContent(value: Uint8Array | undefined, tag: number): Uint8Array | undefined {
  const header = value && readDerHeader(value, 0);
  return header?.tag === tag ? contentOf(value as Uint8Array, header) : undefined;
}

/** The claimed signing time; one written in a form DER does not allow is left unreported rather than failing the check. */
function signingTimeOf(value: Uint8Array | undefined): string | null {
  const header = value && readDerHeader(value, 0);
  try {
    return header ? readTime(value as Uint8Array, header).toISOString() : null;
  } catch {
    return null;
  }
}

/** The whole verdict on a signature we require to be ours in full: content intact, signature valid, ESS naming its signer. */
export function signatureHolds(check: DetachedSignatureCheck): boolean {
  return check.digestMatches && check.signatureValid && check.essCertificateMatches;
}

/** The check of a detached signature over content held in memory, hashed as the signature says. */
export function checkSignedContent(cmsDer: Uint8Array, content: Uint8Array): DetachedSignatureCheck {
  const signature = readDetachedSignature(cmsDer);
  return signature.check(digestOf(signature.hash, content));
}

/** The certificates and the signature time-stamp a CMS signature carries, without checking anything. */
export function signatureParts(cmsDer: Uint8Array): SignatureParts {
  const signedData = readSignedData(cmsDer);
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'no signer' });
  return partsOf(signedData, signerInfo);
}

function partsOf(signedData: SignedDataFields, signerInfo: SignerInfoFields): SignatureParts {
  const token = signerInfo.unsigned.get(CMS_OID.signatureTimeStampToken);
  return {
    signerCertificate: findSignerCertificate(signedData.certificates, signerInfo),
    certificates: signedData.certificates,
    timestampToken: token === undefined ? null : new Uint8Array(token),
    signatureImprint: new Uint8Array(createHash('sha256').update(signerInfo.signature).digest()),
    ...archivedRevocationData(signerInfo.signed.get(CMS_OID.adbeRevocationInfoArchival)),
  };
}
