import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CMS_OID } from '../../electron/services/cms/index.ts';
import { DER_TAG, readDerHeader, type DerHeader } from '../../electron/services/der/index.ts';
import { writeStreamAtomic } from '../../electron/services/platform/index.ts';

/** Enough for the header of any envelope we accept: version, recipients, the algorithm. */
const HEAD_BYTES = 16 * 1024;

export class EnvelopeError extends Error {}

function readTlv(bytes: Buffer, offset: number): DerHeader {
  const header = readDerHeader(bytes, offset);
  if (header === undefined) throw new EnvelopeError('truncated or unsupported header');
  return header;
}

const end = (tlv: DerHeader): number => tlv.start + tlv.length;

function parseWhole<T extends asn1js.AsnType>(bytes: Buffer, tlv: DerHeader): T {
  const parsed = asn1js.fromBER(bytes.subarray(tlv.offset, end(tlv)));
  if (parsed.offset === -1) throw new EnvelopeError('malformed header');
  return parsed.result as T;
}

interface EnvelopeLayout {
  recipients: pkijs.KeyTransRecipientInfo[];
  nonce: Buffer;
  contentStart: number;
  contentLength: number;
}

/** Walks the DER up to the ciphertext, which is streamed separately. */
function layoutOf(head: Buffer): EnvelopeLayout {
  const contentInfo = readTlv(head, 0);
  const type = readTlv(head, contentInfo.start);
  if (parseWhole<asn1js.ObjectIdentifier>(head, type).valueBlock.toString() !== CMS_OID.authEnvelopedData)
    throw new EnvelopeError('not AuthEnvelopedData');
  const authEnveloped = readTlv(head, readTlv(head, end(type)).start);
  const version = readTlv(head, authEnveloped.start);
  const recipients = readTlv(head, end(version));
  const encryptedContentInfo = readTlv(head, end(recipients));
  const algorithm = readTlv(head, end(readTlv(head, encryptedContentInfo.start)));
  const content = readTlv(head, end(algorithm));
  if (content.tag !== DER_TAG.contextPrimitive0) throw new EnvelopeError('content is not a primitive [0]');
  const [algorithmId, gcmParameters] = parseWhole<asn1js.Sequence>(head, algorithm).valueBlock.value;
  if (!(algorithmId instanceof asn1js.ObjectIdentifier) || algorithmId.valueBlock.toString() !== CMS_OID.aes256Gcm)
    throw new EnvelopeError('content encryption is not AES-256-GCM');
  const nonce = (gcmParameters as asn1js.Sequence | undefined)?.valueBlock.value[0];
  if (!(nonce instanceof asn1js.OctetString)) throw new EnvelopeError('no GCM nonce');
  return {
    recipients: parseWhole<asn1js.Set>(head, recipients).valueBlock.value.map((schema) => new pkijs.KeyTransRecipientInfo({ schema })),
    nonce: Buffer.from(nonce.valueBlock.valueHexView),
    contentStart: content.start,
    contentLength: content.length,
  };
}

function contentKey(layout: EnvelopeLayout, privateKey: KeyObject): Buffer {
  for (const recipient of layout.recipients) {
    try {
      const encrypted = Buffer.from(recipient.encryptedKey.valueBlock.valueHexView);
      return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, encrypted);
    } catch {
      // Not this recipient; try the next.
    }
  }
  throw new EnvelopeError('no recipient for this key');
}

/**
 * Decrypts an AuthEnvelopedData file into `output`. The plaintext appears only after the GCM tag
 * checked out: a tampered envelope leaves nothing behind (openssl would already have written it).
 */
export async function openEnvelope(input: string, output: string, privateKey: KeyObject): Promise<void> {
  const file = await open(input, 'r');
  let head: Buffer;
  let mac: Buffer;
  let layout: EnvelopeLayout;
  try {
    const { size } = await file.stat();
    head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await file.read(head, 0, head.length, 0);
    layout = layoutOf(head);
    const macHeader = Buffer.alloc(2);
    const macAt = layout.contentStart + layout.contentLength;
    await file.read(macHeader, 0, 2, macAt);
    mac = Buffer.alloc(macHeader[1] ?? 0);
    await file.read(mac, 0, mac.length, macAt + 2);
    if (macHeader[0] !== DER_TAG.octetString || mac.length !== 16) throw new EnvelopeError('no authentication tag');
  } finally {
    await file.close();
  }
  const key = contentKey(layout, privateKey);
  const decipher = createDecipheriv('aes-256-gcm', key, layout.nonce, { authTagLength: 16 });
  decipher.setAuthTag(mac);
  await writeStreamAtomic(output, async (out) => {
    if (layout.contentLength > 0) {
      const range = { start: layout.contentStart, end: layout.contentStart + layout.contentLength - 1, highWaterMark: 1 << 20 };
      for await (const chunk of createReadStream(input, range)) await out.write(decipher.update(chunk as Buffer));
    }
    try {
      await out.write(decipher.final());
    } catch {
      throw new EnvelopeError('authentication failed: the envelope was altered');
    }
  });
}
