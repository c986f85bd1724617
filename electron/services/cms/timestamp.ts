import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { digestOf } from '../pki/index.ts';
import { CMS_OID } from './oids.ts';
import { readSignedData } from './signed-data.ts';
import { signatureHolds, signatureOf } from './verify.ts';

/** An RFC 3161 request for a SHA-256 imprint, with the nonce the reply must echo. */
export interface TimestampRequest {
  der: Uint8Array;
  imprint: Uint8Array;
  nonce: bigint;
}

export interface TimestampCheck {
  /** genTime: when the authority saw the imprint. */
  time: string;
  /** The token is for this imprint (SHA-256), i.e. for this very signature. */
  imprintMatches: boolean;
  /** The authority's signature over the TSTInfo verifies and names its certificate. */
  signatureValid: boolean;
  tsaCertificate: Uint8Array;
  certificates: Uint8Array[];
  nonce: bigint | null;
}

/** A random positive INTEGER of `bytes` bytes, minimally encoded as DER requires. */
export function randomPositiveInteger(bytes: number): asn1js.Integer {
  return asn1js.Integer.fromBigInt(BigInt(`0x${randomBytes(bytes).toString('hex')}`));
}

export function timestampRequest(imprint: Uint8Array): TimestampRequest {
  const nonce = randomPositiveInteger(8);
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(imprint) }),
    }),
    nonce,
    certReq: true,
  });
  return { der: new Uint8Array(request.toSchema().toBER()), imprint, nonce: nonce.toBigInt() };
}

/** The TimeStampToken of a reply and its check, once it is shown to answer `request` and to be signed by the certificate it names. */
export function tokenFromReply(reply: Uint8Array, request: TimestampRequest): { token: Uint8Array; check: TimestampCheck } {
  let token: Uint8Array;
  try {
    const response = pkijs.TimeStampResp.fromBER(new Uint8Array(reply));
    if (response.status.status > 1 || response.timeStampToken === undefined) throw new Error(`status ${response.status.status}`);
    token = new Uint8Array(response.timeStampToken.toSchema().toBER());
  } catch (error) {
    throw new AppError('TIMESTAMP_INVALID', { reason: 'malformed reply' }, { cause: error });
  }
  const check = checkTimestampToken(token, request.imprint);
  if (!check.imprintMatches || check.nonce !== request.nonce) throw new AppError('TIMESTAMP_INVALID', { reason: 'not for this request' });
  if (!check.signatureValid) throw new AppError('TIMESTAMP_INVALID', { reason: 'signature invalid' });
  return { token, check };
}

/** Reads and checks a TimeStampToken against the imprint it should carry; trust in the authority is the caller's question. */
export function checkTimestampToken(token: Uint8Array, imprint: Uint8Array): TimestampCheck {
  try {
    const signedData = readSignedData(token);
    const { contentType, content } = signedData;
    if (contentType !== CMS_OID.tstInfo || content === null) throw new Error('not a TSTInfo');
    const info = pkijs.TSTInfo.fromBER(new Uint8Array(content));
    const signed = signatureOf(signedData);
    const signature = signed.check(digestOf(signed.hash, content));
    const hashed = info.messageImprint.hashedMessage.valueBlock.valueHexView;
    return {
      time: info.genTime.toISOString(),
      imprintMatches: info.messageImprint.hashAlgorithm.algorithmId === CMS_OID.sha256 && Buffer.from(hashed).equals(Buffer.from(imprint)),
      signatureValid: signatureHolds(signature),
      tsaCertificate: signature.signerCertificate,
      certificates: signature.certificates,
      nonce: info.nonce?.toBigInt() ?? null,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('TIMESTAMP_INVALID', { reason: 'malformed token' }, { cause: error });
  }
}
