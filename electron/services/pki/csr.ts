import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SignatureAlgorithm } from './signature.ts';

/** What signs the request: the new key on the token, which PKCS#10 proves the requester holds. */
export interface RequestSigner {
  readonly algorithms: readonly SignatureAlgorithm[];
  sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array>;
}

const SIGNATURE_OID: Record<SignatureAlgorithm, string | null> = {
  'rsa-pkcs1-sha256': '1.2.840.113549.1.1.11',
  'ecdsa-p256-sha256': '1.2.840.10045.4.3.2',
  // PSS needs parameters in the request; the PKCS#1 v1.5 form is offered by every RSA key anyway.
  'rsa-pss-sha256': null,
  'rsa-pss-sha512': null,
  'sm2-sm3': '1.2.156.10197.1.501',
};

/** A PKCS#10 request for `spki` under the subject `subjectDer` (a Name), signed with the key it names. */
export async function buildCertificateRequest(subjectDer: Uint8Array, spki: Uint8Array, signer: RequestSigner): Promise<Uint8Array> {
  const algorithm = signer.algorithms.find((a) => SIGNATURE_OID[a] !== null);
  const oid = algorithm && SIGNATURE_OID[algorithm];
  if (algorithm === undefined || !oid) throw new Error('no request signature algorithm for this key');
  const request = new pkijs.CertificationRequest({
    subject: pkijs.RelativeDistinguishedNames.fromBER(new Uint8Array(subjectDer)),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(new Uint8Array(spki)),
  });
  request.signatureAlgorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: oid,
    ...(algorithm === 'rsa-pkcs1-sha256' ? { algorithmParams: new asn1js.Null() } : {}),
  });
  // toSchema(true) encodes the to-be-signed part afresh; it is the first element of the request.
  const [tbsSchema] = (request.toSchema(true) as asn1js.Sequence).valueBlock.value;
  if (tbsSchema === undefined) throw new Error('empty certification request');
  const tbs = new Uint8Array(tbsSchema.toBER());
  request.tbsView = tbs;
  request.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(await signer.sign(tbs, algorithm)) });
  return new Uint8Array(request.toSchema().toBER());
}
