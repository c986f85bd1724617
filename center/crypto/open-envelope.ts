import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { writeStreamAtomic } from '../../electron/services/platform/index.ts';

/** Enough for the header of any envelope we accept: version, recipients, the algorithm. */
const HEAD_BYTES = 16 * 1024;
const AUTH_ENVELOPED_DATA = '1.2.840.113549.1.9.16.1.23';
const AES_256_GCM = '2.16.840.1.101.3.4.1.46';

export class EnvelopeError extends Error {}

interface Tlv {
  offset: number;
  tag: number;
  start: number;
  length: number;
}

function readTlv(bytes: Buffer, offset: number): Tlv {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new EnvelopeError('truncated header');
  if (first < 0x80) return { offset, tag, start: offset + 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 6) throw new EnvelopeError('unsupported length');
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] ?? 0);
  return { offset, tag, start: offset + 2 + count, length };
}

const end = (tlv: Tlv): number => tlv.start + tlv.length;

function parseWhole<T extends asn1js.AsnType>(bytes: Buffer, tlv: Tlv): T {
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
  if (parseWhole<asn1js.ObjectIdentifier>(head, type).valueBlock.toString() !== AUTH_ENVELOPED_DATA)
    throw new EnvelopeError('not AuthEnvelopedData');
  const authEnveloped = readTlv(head, readTlv(head, end(type)).start);
  const version = readTlv(head, authEnveloped.start);
  const recipients = readTlv(head, end(version));
  const encryptedContentInfo = readTlv(head, end(recipients));
  const algorithm = readTlv(head, end(readTlv(head, encryptedContentInfo.start)));
  const content = readTlv(head, end(algorithm));
  if (content.tag !== 0x80) throw new EnvelopeError('content is not a primitive [0]');
  const [algorithmId, gcmParameters] = parseWhole<asn1js.Sequence>(head, algorithm).valueBlock.value;
  if (!(algorithmId instanceof asn1js.ObjectIdentifier) || algorithmId.valueBlock.toString() !== AES_256_GCM)
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
    if (macHeader[0] !== 0x04 || mac.length !== 16) throw new EnvelopeError('no authentication tag');
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
