import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { digestOf, oidForHash, schemeOf, type HashName, type SignatureAlgorithm } from '../pki/index.ts';
import type { KeySigner, Signer } from '../token/index.ts';
import { signingCertificateV2 } from './ess.ts';
import { CMS_OID } from './oids.ts';
import { parsedCertificate, withCertificates } from './signed-data.ts';

/**
 * Gets an RFC 3161 TimeStampToken (DER ContentInfo) for a SHA-256 imprint of the signature value,
 * or null when no time-stamping authority is reachable (the signature stays at B-B).
 */
export type Timestamper = (imprint: Uint8Array) => Promise<Uint8Array | null>;

export interface DetachedSignatureOptions {
  /** Digest of the signed content with `contentHashFor(signer)`, computed by the caller while streaming it. */
  contentDigest: Uint8Array;
  /** Content carried inside the SignedData with its own type (a TSA's TSTInfo); detached id-data otherwise. */
  encapsulated?: { contentType: string; content: Uint8Array };
  /** Adds a signature time-stamp (CAdES/PAdES B-T) as an unsigned attribute. */
  timestamper?: Timestamper;
  /** Issuer certificates (DER) to embed after the signer's, for validators without them. */
  chain?: readonly Uint8Array[];
  /** False leaves every certificate out (an RFC 3161 request without certReq). */
  certificates?: boolean;
  /** PAdES puts the claimed time in the signature dictionary instead, so it is off by default. */
  signingTime?: Date;
}

function pssIdentifier(hash: HashName, saltLength: number): pkijs.AlgorithmIdentifier {
  const hashAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oidForHash(hash) });
  return new pkijs.AlgorithmIdentifier({
    algorithmId: CMS_OID.rsassaPss,
    algorithmParams: new pkijs.RSASSAPSSParams({
      hashAlgorithm,
      maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.mgf1, algorithmParams: hashAlgorithm.toSchema() }),
      saltLength,
    }).toSchema(),
  });
}

function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): pkijs.AlgorithmIdentifier {
  switch (algorithm) {
    case 'rsa-pkcs1-sha256':
      return new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.rsaEncryption, algorithmParams: new asn1js.Null() });
    case 'rsa-pss-sha256':
      return pssIdentifier('sha256', 32);
    case 'rsa-pss-sha512':
      return pssIdentifier('sha512', 64);
    case 'ecdsa-p256-sha256':
      return new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.ecdsaWithSha256 });
    case 'sm2-sm3':
      return new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sm2WithSm3 });
  }
}

function signingAlgorithm(signer: KeySigner): SignatureAlgorithm {
  const algorithm = signer.algorithms[0];
  if (algorithm === undefined) throw new AppError('MECHANISM_UNSUPPORTED', { keyType: signer.keyType.display });
  return algorithm;
}

/** The hash a caller must digest the content with for `signer`: SM3 for SM2 keys (GM/T 0010), SHA-256 otherwise. */
export function contentHashFor(signer: KeySigner): HashName {
  return schemeOf(signingAlgorithm(signer)).hash;
}

function signedAttributes(options: DetachedSignatureOptions, certificate: pkijs.Certificate, der: Uint8Array): pkijs.Attribute[] {
  const attributes = [
    new pkijs.Attribute({
      type: CMS_OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: options.encapsulated?.contentType ?? CMS_OID.data })],
    }),
    new pkijs.Attribute({
      type: CMS_OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: new Uint8Array(options.contentDigest) })],
    }),
    new pkijs.Attribute({ type: CMS_OID.signingCertificateV2, values: [signingCertificateV2(certificate, der)] }),
  ];
  if (options.signingTime !== undefined) {
    attributes.push(new pkijs.Attribute({ type: CMS_OID.signingTime, values: [new asn1js.UTCTime({ valueDate: options.signingTime })] }));
  }
  return attributes;
}

function timestampAttribute(token: Uint8Array): pkijs.SignedAndUnsignedAttributes {
  const attribute = new pkijs.Attribute({ type: CMS_OID.signatureTimeStampToken, values: [asn1js.fromBER(new Uint8Array(token)).result] });
  return new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attribute] });
}

/**
 * A detached CMS SignedData (CAdES-BES: content type, message digest, ESS signing-certificate-v2),
 * signed by `signer`, which keeps the key where it is. Returns the DER ContentInfo.
 */
export async function createDetachedSignature(signer: Signer, options: DetachedSignatureOptions): Promise<Uint8Array> {
  const algorithm = signingAlgorithm(signer);
  const digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oidForHash(contentHashFor(signer)) });
  if (options.contentDigest.length !== 32) throw new AppError('BAD_REQUEST', { detail: 'content digest must be 32 bytes' });
  const certificate = parsedCertificate(signer.certificate);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: signedAttributes(options, certificate, signer.certificate),
  });
  // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the [0] IMPLICIT field.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  const signature = new Uint8Array(await signer.sign(toSign, algorithm));
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm,
    signedAttrs,
    signatureAlgorithm: signatureAlgorithmIdentifier(algorithm),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const token = await options.timestamper?.(new Uint8Array(createHash('sha256').update(signature).digest()));
  if (token) signerInfo.unsignedAttrs = timestampAttribute(token);
  const { encapsulated } = options;
  const signedData = new pkijs.SignedData({
    // RFC 5652 §5.1: version 3 when the content is not id-data.
    version: encapsulated ? 3 : 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: encapsulated?.contentType ?? CMS_OID.data,
      ...(encapsulated ? { eContent: new asn1js.OctetString({ valueHex: new Uint8Array(encapsulated.content) }) } : {}),
    }),
    digestAlgorithms: [digestAlgorithm],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
  const der = new Uint8Array(contentInfo.toSchema().toBER());
  return options.certificates === false ? der : withCertificates(der, [signer.certificate, ...(options.chain ?? [])]);
}

/** A detached signature over `content` held in memory, hashed as the signer's algorithm wants. */
export async function signContent(
  signer: Signer,
  content: Uint8Array,
  options: Omit<DetachedSignatureOptions, 'contentDigest'> = {},
): Promise<Uint8Array> {
  return createDetachedSignature(signer, { ...options, contentDigest: digestOf(contentHashFor(signer), content) });
}
