import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import { digestOf, oidForHash, schemeOf, type HashName, type SignatureAlgorithm } from '../pki/index.ts';
import type { KeySigner, Signer } from '../token/index.ts';
import { DER_TAG, derInteger, derOid, derSetOf, derTime, derValue } from '../der/index.ts';
import { signingCertificateV2 } from './ess.ts';
import { issuerAndSerialOf } from './issuer-serial.ts';
import { CMS_OID } from './oids.ts';

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

function algorithmIdentifier(oid: string, parameters?: Uint8Array): Buffer {
  return derValue(DER_TAG.sequence, derOid(oid), ...(parameters === undefined ? [] : [parameters]));
}

/** RSASSA-PSS-params (RFC 4055) with MGF1 over the same hash; the trailer field keeps its default. */
function pssIdentifier(hash: HashName, saltLength: number): Buffer {
  const hashAlgorithm = algorithmIdentifier(oidForHash(hash));
  const parameters = derValue(
    DER_TAG.sequence,
    derValue(DER_TAG.contextConstructed0, hashAlgorithm),
    derValue(DER_TAG.contextConstructed1, algorithmIdentifier(CMS_OID.mgf1, hashAlgorithm)),
    derValue(DER_TAG.contextConstructed2, derInteger(saltLength)),
  );
  return algorithmIdentifier(CMS_OID.rsassaPss, parameters);
}

const DER_NULL = Buffer.from([DER_TAG.null, 0]);

function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): Buffer {
  switch (algorithm) {
    case 'rsa-pkcs1-sha256':
      return algorithmIdentifier(CMS_OID.rsaEncryption, DER_NULL);
    case 'rsa-pss-sha256':
      return pssIdentifier('sha256', 32);
    case 'rsa-pss-sha512':
      return pssIdentifier('sha512', 64);
    case 'ecdsa-p256-sha256':
      return algorithmIdentifier(CMS_OID.ecdsaWithSha256);
    case 'sm2-sm3':
      return algorithmIdentifier(CMS_OID.sm2WithSm3);
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

function attribute(type: string, value: Uint8Array): Buffer {
  return derValue(DER_TAG.sequence, derOid(type), derSetOf(value));
}

function signedAttributes(options: DetachedSignatureOptions, certificate: Uint8Array): Buffer[] {
  return [
    attribute(CMS_OID.contentType, derOid(options.encapsulated?.contentType ?? CMS_OID.data)),
    attribute(CMS_OID.messageDigest, derValue(DER_TAG.octetString, options.contentDigest)),
    attribute(CMS_OID.signingCertificateV2, signingCertificateV2(certificate)),
    ...(options.signingTime === undefined ? [] : [attribute(CMS_OID.signingTime, derTime(options.signingTime))]),
  ];
}

/**
 * A detached CMS SignedData (CAdES-BES: content type, message digest, ESS signing-certificate-v2),
 * signed by `signer`, which keeps the key where it is. Returns the DER ContentInfo, written directly:
 * the certificates go in as the token holds them, and a batch builds no object model per document.
 */
export async function createDetachedSignature(signer: Signer, options: DetachedSignatureOptions): Promise<Uint8Array> {
  const algorithm = signingAlgorithm(signer);
  if (options.contentDigest.length !== 32) throw new AppError('BAD_REQUEST', { detail: 'content digest must be 32 bytes' });
  const digestAlgorithm = algorithmIdentifier(oidForHash(contentHashFor(signer)));
  const signedAttrs = derSetOf(...signedAttributes(options, signer.certificate));
  const signature = new Uint8Array(await signer.sign(signedAttrs, algorithm));
  const token = await options.timestamper?.(new Uint8Array(createHash('sha256').update(signature).digest()));
  const { issuer, serial } = issuerAndSerialOf(signer.certificate);
  const signerInfo = derValue(
    DER_TAG.sequence,
    derInteger(1),
    derValue(DER_TAG.sequence, issuer, serial),
    digestAlgorithm,
    // The signature covers the attributes as a SET OF (tag 0x31); the SignerInfo holds them as [0] IMPLICIT.
    Buffer.concat([Buffer.from([DER_TAG.contextConstructed0]), signedAttrs.subarray(1)]),
    signatureAlgorithmIdentifier(algorithm),
    derValue(DER_TAG.octetString, signature),
    ...(token ? [derValue(DER_TAG.contextConstructed1, attribute(CMS_OID.signatureTimeStampToken, token))] : []),
  );
  const certificates = options.certificates === false ? [] : [signer.certificate, ...(options.chain ?? [])];
  return signedDataContentInfo(options.encapsulated, digestAlgorithm, certificates, signerInfo);
}

function signedDataContentInfo(
  encapsulated: DetachedSignatureOptions['encapsulated'],
  digestAlgorithm: Uint8Array,
  certificates: readonly Uint8Array[],
  signerInfo: Uint8Array,
): Uint8Array {
  const signedData = derValue(
    DER_TAG.sequence,
    // RFC 5652 §5.1: version 3 when the content is not id-data.
    derInteger(encapsulated ? 3 : 1),
    derSetOf(digestAlgorithm),
    encapsulatedContentInfo(encapsulated),
    ...(certificates.length === 0 ? [] : [derValue(DER_TAG.contextConstructed0, ...certificates)]),
    derSetOf(signerInfo),
  );
  return new Uint8Array(derValue(DER_TAG.sequence, derOid(CMS_OID.signedData), derValue(DER_TAG.contextConstructed0, signedData)));
}

function encapsulatedContentInfo(encapsulated: DetachedSignatureOptions['encapsulated']): Buffer {
  if (encapsulated === undefined) return derValue(DER_TAG.sequence, derOid(CMS_OID.data));
  const content = derValue(DER_TAG.contextConstructed0, derValue(DER_TAG.octetString, encapsulated.content));
  return derValue(DER_TAG.sequence, derOid(encapsulated.contentType), content);
}

/** A detached signature over `content` held in memory, hashed as the signer's algorithm wants. */
export async function signContent(
  signer: Signer,
  content: Uint8Array,
  options: Omit<DetachedSignatureOptions, 'contentDigest'> = {},
): Promise<Uint8Array> {
  return createDetachedSignature(signer, { ...options, contentDigest: digestOf(contentHashFor(signer), content) });
}
