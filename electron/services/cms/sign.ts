import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import type { SignatureAlgorithm } from '../pki/index.ts';
import type { Signer } from '../token/index.ts';
import { signingCertificateV2 } from './ess.ts';
import { CMS_OID } from './oids.ts';

export interface DetachedSignatureOptions {
  /** SHA-256 of the signed content, computed by the caller while streaming it. */
  contentDigest: Uint8Array;
  /** Issuer certificates (DER) to embed after the signer's, for validators without them. */
  chain?: readonly Uint8Array[];
  /** PAdES puts the claimed time in the signature dictionary instead, so it is off by default. */
  signingTime?: Date;
}

function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): pkijs.AlgorithmIdentifier {
  switch (algorithm) {
    case 'rsa-pkcs1-sha256':
      return new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.rsaEncryption, algorithmParams: new asn1js.Null() });
    case 'rsa-pss-sha256':
      return new pkijs.AlgorithmIdentifier({
        algorithmId: CMS_OID.rsassaPss,
        algorithmParams: new pkijs.RSASSAPSSParams({
          hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }),
          maskGenAlgorithm: new pkijs.AlgorithmIdentifier({
            algorithmId: CMS_OID.mgf1,
            algorithmParams: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }).toSchema(),
          }),
          saltLength: 32,
        }).toSchema(),
      });
    case 'ecdsa-p256-sha256':
      return new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.ecdsaWithSha256 });
  }
}

function signedAttributes(options: DetachedSignatureOptions, certificate: pkijs.Certificate, der: Uint8Array): pkijs.Attribute[] {
  const attributes = [
    new pkijs.Attribute({ type: CMS_OID.contentType, values: [new asn1js.ObjectIdentifier({ value: CMS_OID.data })] }),
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

/**
 * A detached CMS SignedData (CAdES-BES: content type, message digest, ESS signing-certificate-v2),
 * signed by `signer`, which keeps the key where it is. Returns the DER ContentInfo.
 */
export async function createDetachedSignature(signer: Signer, options: DetachedSignatureOptions): Promise<Uint8Array> {
  const algorithm = signer.algorithms[0];
  if (algorithm === undefined) throw new AppError('MECHANISM_UNSUPPORTED', { keyType: signer.keyType.display });
  if (options.contentDigest.length !== 32) throw new AppError('BAD_REQUEST', { detail: 'content digest must be SHA-256' });
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(signer.certificate));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: signedAttributes(options, certificate, signer.certificate),
  });
  // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the [0] IMPLICIT field.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: signatureAlgorithmIdentifier(algorithm),
    signature: new asn1js.OctetString({ valueHex: new Uint8Array(await signer.sign(toSign, algorithm)) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: CMS_OID.data }),
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 })],
    certificates: [certificate, ...(options.chain ?? []).map((der) => pkijs.Certificate.fromBER(new Uint8Array(der)))],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
