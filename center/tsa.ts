import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CMS_OID, createDetachedSignature, randomPositiveInteger } from '../electron/services/cms/index.ts';
import type { Signer } from '../electron/services/token/index.ts';

/** The reference center's time-stamping policy (a private arc: this is a demo authority). */
export const TSA_POLICY = '1.3.6.1.4.1.58888.3161.1';

/** RFC 3161 §2.4.2 PKIFailureInfo bits. */
const FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5 } as const;

function rejection(bit: number): Uint8Array {
  const bits = new Uint8Array(4);
  bits[bit >> 3] = 0x80 >> (bit & 7);
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: 2, failInfo: new asn1js.BitString({ valueHex: bits.subarray(0, (bit >> 3) + 1) }) }),
  });
  return new Uint8Array(response.toSchema().toBER());
}

/**
 * An RFC 3161 time-stamping authority answering with TimeStampResp: a TSTInfo signed by the
 * authority's key, its certificate (and chain) included when the request asks for them.
 */
export class TimestampAuthority {
  constructor(
    private readonly signer: Signer,
    private readonly chain: readonly Uint8Array[],
    private readonly now: () => Date,
  ) {}

  async respond(requestDer: Uint8Array): Promise<Uint8Array> {
    let request: pkijs.TimeStampReq;
    try {
      request = pkijs.TimeStampReq.fromBER(new Uint8Array(requestDer));
    } catch {
      return rejection(FAILURE.badDataFormat);
    }
    const { hashAlgorithm, hashedMessage } = request.messageImprint;
    if (hashAlgorithm.algorithmId !== CMS_OID.sha256) return rejection(FAILURE.badAlg);
    if (hashedMessage.valueBlock.valueHexView.length !== 32) return rejection(FAILURE.badRequest);
    const info = new pkijs.TSTInfo({
      version: 1,
      policy: TSA_POLICY,
      messageImprint: request.messageImprint,
      // 128 random bits: unique without a counter to keep.
      serialNumber: randomPositiveInteger(16),
      genTime: this.now(),
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const content = new Uint8Array(info.toSchema().toBER());
    const token = await createDetachedSignature(this.signer, {
      contentDigest: new Uint8Array(createHash('sha256').update(content).digest()),
      encapsulated: { contentType: CMS_OID.tstInfo, content },
      chain: this.chain,
      certificates: request.certReq === true,
    });
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: 0 }),
      timeStampToken: pkijs.ContentInfo.fromBER(new Uint8Array(token)),
    });
    return new Uint8Array(response.toSchema().toBER());
  }
}
