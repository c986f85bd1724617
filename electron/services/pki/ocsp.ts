import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { readCertificateFields, type CertificateFields } from './certificate-fields.ts';
import { digestOf, hashForOid, oidForHash, type HashName } from './digest.ts';
import { extendedKeyUsageOf } from './extensions.ts';
import { OID } from './oids.ts';
import { schemeForAlgorithm, verifySignature, type SignatureScheme } from './signature.ts';

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
/** CertID hashes read in answers: SHA-1 (what most responders use) and SHA-256 (what SealDesk asks with). */
const CERT_ID_HASHES: readonly HashName[] = ['sha1', 'sha256'];
const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '', 'sigRequired', 'unauthorized'];

export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: string | null;
  thisUpdate: string;
  nextUpdate: string | null;
}

/** An RFC 6960 request for one certificate, its CertID hashed with SHA-256. */
export function ocspRequest(certificate: Uint8Array, issuer: Uint8Array): Uint8Array {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certIdFor(certificate, issuer, 'sha256') })];
  return new Uint8Array(request.toSchema(true).toBER());
}

/**
 * What a responder's answer says about `certificate`. The answer must be signed by `issuer` itself or by
 * a responder certificate the issuer delegated (id-kp-OCSPSigning, valid at `now`), and must name this
 * very certificate; anything else is VALIDATION_DATA_INVALID, never a verdict.
 */
export function checkOcspResponse(responseDer: Uint8Array, certificate: Uint8Array, issuer: Uint8Array, now: Date): OcspAnswer {
  const basic = readOcspResponse(responseDer);
  if (ocspSigner(basic, issuer, now) === null) throw invalid('OCSP response not signed by the issuer or its responder');
  const single = ocspSingleFor(basic, certificate, issuer);
  if (single === null) throw invalid('OCSP response does not name the certificate');
  return {
    status: single.status,
    revokedAt: single.revokedAt?.toISOString() ?? null,
    thisUpdate: single.thisUpdate.toISOString(),
    nextUpdate: single.nextUpdate?.toISOString() ?? null,
  };
}

/** One SingleResponse (RFC 6960 §4.2.1), its times as read. */
export interface OcspSingle {
  status: OcspAnswer['status'];
  revokedAt: Date | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

/** A successful basic OCSP response, or VALIDATION_DATA_INVALID saying why not. */
export function readOcspResponse(der: Uint8Array): pkijs.BasicOCSPResponse {
  let response: pkijs.OCSPResponse;
  try {
    response = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
  } catch (error) {
    throw invalid('malformed OCSP response', error);
  }
  const status = response.responseStatus.valueBlock.valueDec;
  if (status !== 0) throw invalid(`OCSP responder: ${RESPONSE_STATUS[status] ?? String(status)}`);
  if (response.responseBytes?.responseType !== OCSP_BASIC) throw invalid('OCSP response is not basic');
  try {
    return pkijs.BasicOCSPResponse.fromBER(new Uint8Array(response.responseBytes.response.valueBlock.valueHexView));
  } catch (error) {
    throw invalid('malformed OCSP response', error);
  }
}

/** What the response says about `certificate` (its CertID matching, RFC 6960 §4.1.1); null when it does not name it. */
export function ocspSingleFor(basic: pkijs.BasicOCSPResponse, certificate: Uint8Array, issuer: Uint8Array): OcspSingle | null {
  const single = basic.tbsResponseData.responses.find((response) => namesCertificate(response.certID, certificate, issuer));
  if (single === undefined) return null;
  return { ...statusOf(single.certStatus as asn1js.BaseBlock), thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate ?? null };
}

/**
 * Who signed the response for `issuer` (RFC 6960 §4.2.2.2): the issuer itself, or a responder certificate
 * the response carries that the issuer issued for OCSP signing (id-kp-OCSPSigning) and that is valid at
 * `at`; null when neither made the signature.
 */
export function ocspSigner(basic: pkijs.BasicOCSPResponse, issuer: Uint8Array, at: Date): Uint8Array | null {
  const signature = new Uint8Array(basic.signature.valueBlock.valueHexView);
  const tbs = new Uint8Array(basic.tbsResponseData.tbsView);
  const scheme = ocspSignatureScheme(basic);
  if (scheme === null) return null;
  const delegated = (basic.certs ?? []).map((c) => new Uint8Array(c.toSchema().toBER())).filter((der) => delegatedBy(der, issuer, at));
  return [issuer, ...delegated].find((signer) => verifySignature(signer, scheme, tbs, signature)) ?? null;
}

export function ocspSignatureScheme(basic: pkijs.BasicOCSPResponse): SignatureScheme | null {
  return schemeForAlgorithm(basic.signatureAlgorithm.algorithmId);
}

/** A responder certificate the issuer signed for OCSP, under the issuer's name, within its validity. */
function delegatedBy(der: Uint8Array, issuer: Uint8Array, at: Date): boolean {
  let responder: CertificateFields;
  try {
    responder = readCertificateFields(der);
  } catch {
    return false;
  }
  const issuerName = readCertificateFields(issuer).subject.der;
  const inValidity = responder.notBefore <= at && at <= responder.notAfter;
  const scheme = schemeForAlgorithm(responder.signatureOid);
  const signed = scheme !== null && verifySignature(issuer, scheme, responder.tbs, responder.signatureValue);
  const forOcsp = extendedKeyUsageOf(responder.extensions)?.includes(OID.ocspSigning) === true;
  return Buffer.from(responder.issuer.der).equals(issuerName) && inValidity && signed && forOcsp;
}

function namesCertificate(certId: pkijs.CertID, certificate: Uint8Array, issuer: Uint8Array): boolean {
  const hash = hashForOid(certId.hashAlgorithm.algorithmId);
  if (hash === undefined || !CERT_ID_HASHES.includes(hash)) return false;
  const expected = certIdFor(certificate, issuer, hash);
  return (
    certId.serialNumber.isEqual(expected.serialNumber) &&
    certId.issuerNameHash.isEqual(expected.issuerNameHash) &&
    certId.issuerKeyHash.isEqual(expected.issuerKeyHash)
  );
}

/** CertID (RFC 6960 §4.1.1): hashes of the issuer's DER name and of its public key's bits, and the serial. */
function certIdFor(certificate: Uint8Array, issuer: Uint8Array, hash: HashName): pkijs.CertID {
  const issuerCertificate = pkijs.Certificate.fromBER(new Uint8Array(issuer));
  const digest = (data: ArrayBuffer | Uint8Array) => new asn1js.OctetString({ valueHex: digestOf(hash, new Uint8Array(data)) });
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oidForHash(hash), algorithmParams: new asn1js.Null() }),
    issuerNameHash: digest(issuerCertificate.subject.toSchema().toBER()),
    issuerKeyHash: digest(issuerCertificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    serialNumber: pkijs.Certificate.fromBER(new Uint8Array(certificate)).serialNumber,
  });
}

/** CertStatus: good [0], revoked [1] { revocationTime GeneralizedTime, … }, unknown [2]. */
function statusOf(block: asn1js.BaseBlock): Pick<OcspSingle, 'status' | 'revokedAt'> {
  const tag = block.idBlock.tagNumber;
  if (tag === 0) return { status: 'good', revokedAt: null };
  if (tag !== 1) return { status: 'unknown', revokedAt: null };
  const [time] = (block as asn1js.Constructed).valueBlock.value;
  if (!(time instanceof asn1js.GeneralizedTime)) throw invalid('OCSP revocation without a time');
  return { status: 'revoked', revokedAt: time.toDate() };
}

function invalid(reason: string, cause?: unknown): AppError {
  return new AppError('VALIDATION_DATA_INVALID', { reason }, { cause });
}
