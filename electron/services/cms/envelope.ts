import { createCipheriv, createHash, publicEncrypt, randomBytes, constants } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { pemFromDer } from '../pki/index.ts';
import { DER_TAG, derHeader, derOid, derValue } from '../der/index.ts';
import { CMS_OID } from './oids.ts';

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
const READ_CHUNK_BYTES = 1 << 20;

function sha256Identifier(): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 });
}

/** RSAES-OAEP with SHA-256 and MGF1-SHA-256: the key transport OpenSSL and BoringSSL both implement. */
function keyTransRecipient(recipientDer: Uint8Array, contentKey: Buffer): Buffer {
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(recipientDer));
  if (certificate.subjectPublicKeyInfo.algorithm.algorithmId !== CMS_OID.rsaEncryption)
    throw new AppError('CENTER_CERTIFICATE_INVALID', { detail: 'RSA' });
  const encryptedKey = publicEncrypt(
    { key: pemFromDer(recipientDer, 'CERTIFICATE'), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    contentKey,
  );
  const info = new pkijs.KeyTransRecipientInfo({
    version: 0,
    rid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    keyEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: CMS_OID.rsaesOaep,
      algorithmParams: new pkijs.RSAESOAEPParams({
        hashAlgorithm: sha256Identifier(),
        maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.mgf1, algorithmParams: sha256Identifier().toSchema() }),
      }).toSchema(),
    }),
    encryptedKey: new asn1js.OctetString({ valueHex: encryptedKey }),
  });
  return Buffer.from(info.toSchema().toBER());
}

/** Everything before the ciphertext; its lengths are known because GCM keeps the plaintext's size. */
function envelopeHead(recipientInfo: Buffer, nonce: Buffer, contentLength: number): Buffer {
  const gcmParameters = derValue(
    DER_TAG.sequence,
    derValue(DER_TAG.octetString, nonce),
    derValue(DER_TAG.integer, Buffer.from([GCM_TAG_BYTES])),
  );
  const contentInfoHead = Buffer.concat([
    derOid(CMS_OID.data),
    derValue(DER_TAG.sequence, derOid(CMS_OID.aes256Gcm), gcmParameters),
    derHeader(DER_TAG.contextPrimitive0, contentLength),
  ]);
  const encryptedContentInfoLength = contentInfoHead.length + contentLength;
  const encryptedContentInfoHead = Buffer.concat([derHeader(DER_TAG.sequence, encryptedContentInfoLength), contentInfoHead]);
  const version = derValue(DER_TAG.integer, Buffer.from([0]));
  const recipients = derValue(DER_TAG.set, recipientInfo);
  const mac = derHeader(DER_TAG.octetString, GCM_TAG_BYTES).length + GCM_TAG_BYTES;
  const authEnvelopedLength = version.length + recipients.length + encryptedContentInfoHead.length + contentLength + mac;
  const authEnveloped = derHeader(DER_TAG.sequence, authEnvelopedLength);
  const explicit = derHeader(DER_TAG.contextConstructed0, authEnveloped.length + authEnvelopedLength);
  const typeOid = derOid(CMS_OID.authEnvelopedData);
  const outer = derHeader(DER_TAG.sequence, typeOid.length + explicit.length + authEnveloped.length + authEnvelopedLength);
  return Buffer.concat([outer, typeOid, explicit, authEnveloped, version, recipients, encryptedContentInfoHead]);
}

/**
 * What gets encrypted: its size up front (DER lengths precede the content), its bytes as a stream,
 * and a fingerprint that changes when the bytes do, so a content key is never used on other bytes.
 */
export interface EnvelopeContent {
  size: number;
  fingerprint: string;
  /** The content in order; a chunk may be overwritten once the next one is asked for. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** A file is known by its size, inode and modification time: hashing it would cost as much as sending it. */
export async function fileContent(path: string): Promise<EnvelopeContent> {
  const { size, ino, mtimeMs } = await stat(path);
  return { size, fingerprint: `file:${size}:${ino}:${mtimeMs}`, chunks: () => fileChunks(path) };
}

/**
 * The file in 1 MiB chunks read into one buffer over and over: a fresh buffer per read (as a read
 * stream makes) is 1 GB of allocations for a 1 GB file, which the kernel hands out page by page.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

export function bufferContent(bytes: Uint8Array): EnvelopeContent {
  return {
    size: bytes.length,
    fingerprint: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    async *chunks() {
      yield bytes;
    },
  };
}

/**
 * What fixes an envelope's bytes besides its content: the content key, the GCM nonce and the DER
 * before the ciphertext (the key wrapped to the center with RSA-OAEP, which is randomised). Kept,
 * an envelope can be written again byte for byte, so an upload resumes without a copy on disk.
 */
export interface EnvelopeSealing {
  contentKey: Buffer;
  nonce: Buffer;
  head: Buffer;
  /** The content's fingerprint: the sealing is for these bytes only (GCM must never reuse a nonce on others). */
  content: string;
  /** The whole envelope's size. */
  size: number;
}

/** The tag as an OCTET STRING after the ciphertext. */
const TAIL_BYTES = 2 + GCM_TAG_BYTES;

/**
 * A new content key and nonce for `content`, wrapped to the resource center's certificate (AuthEnvelopedData,
 * RFC 5083, AES-256-GCM with RSA-OAEP key transport). pkijs cannot write GCM that OpenSSL opens, so the
 * DER around the ciphertext is written here.
 */
export function sealingFor(content: Pick<EnvelopeContent, 'size' | 'fingerprint'>, recipientDer: Uint8Array): EnvelopeSealing {
  const contentKey = randomBytes(32);
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const head = envelopeHead(keyTransRecipient(recipientDer, contentKey), nonce, content.size);
  return { contentKey, nonce, head, content: content.fingerprint, size: head.length + content.size + TAIL_BYTES };
}

/**
 * The envelope's bytes, streamed at constant memory; the same sealing and content give the same
 * bytes every time. Content (`name`) other than the sealing's, or that changes while it is read, is
 * refused rather than sent under a reused nonce or lengths that would lie.
 */
export async function* envelopeBytes(sealing: EnvelopeSealing, content: EnvelopeContent, name: string): AsyncGenerator<Buffer> {
  if (content.fingerprint !== sealing.content) throw new AppError('FILE_CHANGED', { path: name });
  const cipher = createCipheriv('aes-256-gcm', sealing.contentKey, sealing.nonce, { authTagLength: GCM_TAG_BYTES });
  yield sealing.head;
  let size = 0;
  for await (const chunk of content.chunks()) {
    size += chunk.length;
    yield cipher.update(chunk);
  }
  if (size !== content.size) throw new AppError('FILE_CHANGED', { path: name });
  yield cipher.final();
  yield derValue(DER_TAG.octetString, cipher.getAuthTag());
}
