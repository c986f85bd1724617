import { createHash } from 'node:crypto';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { digestOf, hashForOid, schemeForAlgorithm, sha256Hex, verifySignature, type HashName, type SignatureScheme } from '../pki/index.ts';
import { essCertHashes } from './ess.ts';
import { CMS_OID } from './oids.ts';
import { parsedCertificate, parseSignedData, type ParsedSignedData } from './signed-data.ts';

export interface SignatureParts {
  /** DER of the certificate the SignerInfo names. */
  signerCertificate: Uint8Array;
  /** Every certificate carried in the SignedData, DER. */
  certificates: Uint8Array[];
  /** The signature time-stamp (RFC 3161 token) in the unsigned attributes, if any. */
  timestampToken: Uint8Array | null;
  /** SHA-256 of the signature value: what a signature time-stamp must carry as its imprint. */
  signatureImprint: Uint8Array;
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
  const parsed = parseSignedData(cmsDer);
  const [signerInfo] = parsed.signedData.signerInfos;
  const hash = signerInfo === undefined ? undefined : hashForOid(signerInfo.digestAlgorithm.algorithmId);
  if (hash === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'unsupported digest algorithm' });
  return { hash, check: (contentDigest) => checkSignedData(parsed, contentDigest) };
}

function schemeFor(signerInfo: pkijs.SignerInfo): SignatureScheme | null {
  return schemeForAlgorithm(signerInfo.signatureAlgorithm.algorithmId, hashForOid(signerInfo.digestAlgorithm.algorithmId));
}

function attribute(signerInfo: pkijs.SignerInfo, type: string): pkijs.Attribute | undefined {
  return signerInfo.signedAttrs?.attributes.find((a) => a.type === type);
}

function findSignerCertificate({ certificates }: ParsedSignedData, signerInfo: pkijs.SignerInfo): Uint8Array {
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const match = certificates.find((der) => {
    const certificate = parsedCertificate(der);
    return certificate.serialNumber.isEqual(sid.serialNumber) && certificate.issuer.isEqual(sid.issuer);
  });
  if (match === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'signer certificate missing' });
  return match;
}

/**
 * Checks a detached CMS signature against the digest of its content (made with its `hash`): digest, signature and
 * the ESS certificate binding, each reported apart so a caller can say exactly what failed.
 * Trust in the certificate is a separate question (pki chain validation), not answered here.
 */
function checkSignedData(parsed: ParsedSignedData, contentDigest: Uint8Array): DetachedSignatureCheck {
  const [signerInfo] = parsed.signedData.signerInfos;
  if (signerInfo?.signedAttrs === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'no signed attributes' });
  const parts = partsOf(parsed, signerInfo);
  const messageDigest = attribute(signerInfo, CMS_OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  const ess = attribute(signerInfo, CMS_OID.signingCertificateV2);
  const time = attribute(signerInfo, CMS_OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const scheme = schemeFor(signerInfo);
  const signedBytes = new Uint8Array(signerInfo.signedAttrs.toSchema().toBER());
  signedBytes[0] = 0x31;
  const signature = signerInfo.signature.valueBlock.valueHexView;
  return {
    ...parts,
    digestMatches: messageDigest !== undefined && Buffer.from(messageDigest.valueBlock.valueHexView).equals(Buffer.from(contentDigest)),
    signatureValid: scheme !== null && verifySignature(parts.signerCertificate, scheme, signedBytes, signature),
    essCertificateMatches: ess !== undefined && essCertHashes(ess).includes(sha256Hex(parts.signerCertificate)),
    hasEssAttribute: ess !== undefined,
    scheme,
    signingTime: time?.toDate().toISOString() ?? null,
  };
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
  const parsed = parseSignedData(cmsDer);
  const [signerInfo] = parsed.signedData.signerInfos;
  if (signerInfo === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'no signer' });
  return partsOf(parsed, signerInfo);
}

function partsOf(parsed: ParsedSignedData, signerInfo: pkijs.SignerInfo): SignatureParts {
  const token = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === CMS_OID.signatureTimeStampToken)?.values[0];
  const signature = signerInfo.signature.valueBlock.valueHexView;
  return {
    signerCertificate: findSignerCertificate(parsed, signerInfo),
    certificates: parsed.certificates,
    timestampToken: token === undefined ? null : new Uint8Array(token.toBER()),
    signatureImprint: new Uint8Array(createHash('sha256').update(signature).digest()),
  };
}
