import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { sha256Hex, verifyWithCertificate, type SignatureAlgorithm } from '../pki/index.ts';
import { essCertHashes } from './ess.ts';
import { CMS_OID } from './oids.ts';

export interface DetachedSignatureCheck {
  /** DER of the certificate the SignerInfo names. */
  signerCertificate: Uint8Array;
  /** The messageDigest attribute equals the digest of the content as it is now. */
  digestMatches: boolean;
  /** The signature over the signed attributes verifies with the signer certificate's key. */
  signatureValid: boolean;
  /** ESS signing-certificate-v2 names this very certificate (OpenSSL 3.0 does not check this). */
  essCertificateMatches: boolean;
  algorithm: SignatureAlgorithm | null;
  signingTime: string | null;
  /** Every certificate carried in the SignedData, DER. */
  certificates: Uint8Array[];
}

const ALGORITHM_BY_OID: Readonly<Record<string, SignatureAlgorithm>> = {
  [CMS_OID.rsaEncryption]: 'rsa-pkcs1-sha256',
  '1.2.840.113549.1.1.11': 'rsa-pkcs1-sha256',
  [CMS_OID.rsassaPss]: 'rsa-pss-sha256',
  [CMS_OID.ecdsaWithSha256]: 'ecdsa-p256-sha256',
  // Some producers name the key, not the scheme, for ECDSA.
  '1.2.840.10045.2.1': 'ecdsa-p256-sha256',
};

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
 * Checks a detached CMS signature against the SHA-256 digest of its content: digest, signature and
 * the ESS certificate binding, each reported apart so a caller can say exactly what failed.
 * Trust in the certificate is a separate question (pki chain validation), not answered here.
 */
export function checkDetachedSignature(cmsDer: Uint8Array, contentDigest: Uint8Array): DetachedSignatureCheck {
  const signedData = parseSignedData(cmsDer);
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo?.signedAttrs === undefined) throw new AppError('SIGNATURE_INVALID', { reason: 'no signed attributes' });
  const certificate = findSignerCertificate(signedData, signerInfo);
  const signerCertificate = new Uint8Array(certificate.toSchema().toBER());
  const messageDigest = attribute(signerInfo, CMS_OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  const ess = attribute(signerInfo, CMS_OID.signingCertificateV2);
  const time = attribute(signerInfo, CMS_OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const algorithm = ALGORITHM_BY_OID[signerInfo.signatureAlgorithm.algorithmId] ?? null;
  const signedBytes = new Uint8Array(signerInfo.signedAttrs.toSchema().toBER());
  signedBytes[0] = 0x31;
  const signature = signerInfo.signature.valueBlock.valueHexView;
  return {
    signerCertificate,
    digestMatches: messageDigest !== undefined && Buffer.from(messageDigest.valueBlock.valueHexView).equals(Buffer.from(contentDigest)),
    signatureValid: algorithm !== null && safeVerify(signerCertificate, algorithm, signedBytes, signature),
    essCertificateMatches: ess !== undefined && essCertHashes(ess).includes(sha256Hex(signerCertificate)),
    algorithm,
    signingTime: time?.toDate().toISOString() ?? null,
    certificates: (signedData.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => new Uint8Array(c.toSchema().toBER())),
  };
}

function safeVerify(der: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verifyWithCertificate(der, algorithm, data, signature);
  } catch {
    // A key that does not fit the named algorithm is an invalid signature, not a crash.
    return false;
  }
}
