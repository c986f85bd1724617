import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { DemoCa } from '../electron/services/demo/index.ts';

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
/** OCSPResponseStatus (RFC 6960 §4.2.1). */
const MALFORMED_REQUEST = 1;
const NEXT_UPDATE_MS = 3_600_000;

export interface RegisteredCertificate {
  der: Uint8Array;
  revokedAt: Date | null;
}

function statusOf(entry: RegisteredCertificate | undefined): asn1js.BaseBlock {
  // CertStatus: good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL.
  if (entry === undefined) return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, lenBlock: { length: 0 } });
  if (entry.revokedAt === null) return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, lenBlock: { length: 0 } });
  return new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [new asn1js.GeneralizedTime({ valueDate: entry.revokedAt })],
  });
}

function serialHex(integer: asn1js.Integer): string {
  return Buffer.from(integer.valueBlock.valueHexView)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');
}

/**
 * An RFC 6960 responder for the center's CA, signing with the CA key itself: every certificate it
 * issued and registered is good or revoked, anything else unknown.
 */
export async function ocspResponse(
  requestDer: Uint8Array,
  ca: DemoCa,
  register: readonly RegisteredCertificate[],
  now: Date,
): Promise<Uint8Array> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(new Uint8Array(requestDer));
  } catch {
    return new Uint8Array(
      new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: MALFORMED_REQUEST }) }).toSchema().toBER(),
    );
  }
  const bySerial = new Map(register.map((entry) => [serialHex(pkijs.Certificate.fromBER(new Uint8Array(entry.der)).serialNumber), entry]));
  const issuer = pkijs.Certificate.fromBER(new Uint8Array(ca.certificate.rawData));
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = issuer.subject;
  basic.tbsResponseData.producedAt = now;
  basic.tbsResponseData.responses = request.tbsRequest.requestList.map(
    ({ reqCert }) =>
      new pkijs.SingleResponse({
        certID: reqCert,
        certStatus: statusOf(bySerial.get(serialHex(reqCert.serialNumber))),
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + NEXT_UPDATE_MS),
      }),
  );
  basic.certs = [issuer];
  await basic.sign(ca.keys.privateKey, 'SHA-256');
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OCSP_BASIC,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER());
}
