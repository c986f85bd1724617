import { createHash } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { digestOf, sha256Hex, verifySignature, type HashName, type SignatureScheme } from '../pki/index.ts';
import { essCertHashes } from './ess.ts';
import { CMS_OID } from './oids.ts';

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

const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '1.3.14.3.2.26': 'sha1',
  [CMS_OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  [CMS_OID.sm3]: 'sm3',
};

/** Signature algorithm OIDs that name their hash; bare key OIDs take the digest algorithm's. */
const SCHEME_BY_OID: Readonly<Record<string, { family: SignatureScheme['family']; hash?: HashName }>> = {
  [CMS_OID.rsaEncryption]: { family: 'rsa-pkcs1' },
  '1.2.840.113549.1.1.5': { family: 'rsa-pkcs1', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { family: 'rsa-pkcs1', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { family: 'rsa-pkcs1', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { family: 'rsa-pkcs1', hash: 'sha512' },
  [CMS_OID.rsassaPss]: { family: 'rsa-pss' },
  '1.2.840.10045.2.1': { family: 'ecdsa' },
  '1.2.840.10045.4.1': { family: 'ecdsa', hash: 'sha1' },
  [CMS_OID.ecdsaWithSha256]: { family: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { family: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { family: 'ecdsa', hash: 'sha512' },
  [CMS_OID.sm2WithSm3]: { family: 'sm2', hash: 'sm3' },
  [CMS_OID.sm2Sign]: { family: 'sm2', hash: 'sm3' },
};

/** The hash the signer applied to the content: the caller computes the digest with it while streaming. */
export function signedDigestAlgorithm(cmsDer: Uint8Array): HashName {
  const [signerInfo] = parseSignedData(cmsDer).signerInfos;
  const hash = signerInfo === undefined ? undefined : HASH_BY_OID[signerInfo.digestAlgorithm.algorithmId];
  if (hash === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'unsupported digest algorithm' });
  return hash;
}

function schemeFor(signerInfo: pkijs.SignerInfo): SignatureScheme | null {
  const entry = SCHEME_BY_OID[signerInfo.signatureAlgorithm.algorithmId];
  const hash = entry?.hash ?? HASH_BY_OID[signerInfo.digestAlgorithm.algorithmId];
  return entry === undefined || hash === undefined ? null : { family: entry.family, hash };
}

function parseSignedData(der: Uint8Array): pkijs.SignedData {
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(der));
    if (contentInfo.contentType !== CMS_OID.signedData) throw new Error('not SignedData');
    return new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    throw new AppError('SIGNATURE_INVALID', { reason: 'malformed CMS' }, { cause: error });
  }
}

function attribute(signerInfo: pkijs.SignerInfo, type: string): pkijs.Attribute | undefined {
  return signerInfo.signedAttrs?.attributes.find((a) => a.type === type);
}

function findSignerCertificate(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate {
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const match = (signedData.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate && c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer),
  );
  if (match === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'signer certificate missing' });
  return match;
}

/**
 * Checks a detached CMS signature against the digest of its content (made with `signedDigestAlgorithm`): digest, signature and
 * the ESS certificate binding, each reported apart so a caller can say exactly what failed.
 * Trust in the certificate is a separate question (pki chain validation), not answered here.
 */
export function checkDetachedSignature(cmsDer: Uint8Array, contentDigest: Uint8Array): DetachedSignatureCheck {
  const signedData = parseSignedData(cmsDer);
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo?.signedAttrs === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'no signed attributes' });
  const parts = partsOf(signedData, signerInfo);
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
    signatureValid: scheme !== null && safeVerify(parts.signerCertificate, scheme, signedBytes, signature),
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

/** `checkDetachedSignature` for content held in memory, hashed as the signature says. */
export function checkSignedContent(cmsDer: Uint8Array, content: Uint8Array): DetachedSignatureCheck {
  return checkDetachedSignature(cmsDer, digestOf(signedDigestAlgorithm(cmsDer), content));
}

/** The certificates and the signature time-stamp a CMS signature carries, without checking anything. */
export function signatureParts(cmsDer: Uint8Array): SignatureParts {
  const signedData = parseSignedData(cmsDer);
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'no signer' });
  return partsOf(signedData, signerInfo);
}

function partsOf(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): SignatureParts {
  const token = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === CMS_OID.signatureTimeStampToken)?.values[0];
  const signature = signerInfo.signature.valueBlock.valueHexView;
  return {
    signerCertificate: new Uint8Array(findSignerCertificate(signedData, signerInfo).toSchema().toBER()),
    certificates: (signedData.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => new Uint8Array(c.toSchema().toBER())),
    timestampToken: token === undefined ? null : new Uint8Array(token.toBER()),
    signatureImprint: new Uint8Array(createHash('sha256').update(signature).digest()),
  };
}

function safeVerify(der: Uint8Array, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verifySignature(der, scheme, data, signature);
  } catch {
    // A key that does not fit the named algorithm is an invalid signature, not a crash.
    return false;
  }
}
