import { createCipheriv, createHash, publicEncrypt, randomBytes, constants } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/errors.ts';
import { pemFromDer } from '../pki/index.ts';
import { writeStreamAtomic } from '../platform/index.ts';
import { DER_TAG, derHeader, derOid, derValue } from '../der/index.ts';
import { CMS_OID } from './oids.ts';

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;

export interface SealedEnvelope {
  /** Size of the envelope file. */
  size: number;
  /** SHA-256 of the envelope file, so an upload can be checked without decrypting it. */
  sha256: string;
}

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

/** What gets encrypted: its size up front (DER lengths precede the content) and its bytes as a stream. */
export interface EnvelopeContent {
  size: number;
  chunks(): AsyncIterable<Uint8Array>;
}

export async function fileContent(path: string): Promise<EnvelopeContent> {
  const { size } = await stat(path);
  return { size, chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}

export function bufferContent(bytes: Uint8Array): EnvelopeContent {
  return {
    size: bytes.length,
    async *chunks() {
      yield bytes;
    },
  };
}

/**
 * Encrypts to the resource center's certificate as CMS AuthEnvelopedData (RFC 5083) with
 * AES-256-GCM and RSA-OAEP key transport, streaming into `output` at constant memory. pkijs cannot
 * write GCM that OpenSSL opens, so the DER around the ciphertext is written here.
 */
export async function encryptForRecipient(content: EnvelopeContent, output: string, recipientDer: Uint8Array): Promise<SealedEnvelope> {
  const contentKey = randomBytes(32);
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const { size } = content;
  const head = envelopeHead(keyTransRecipient(recipientDer, contentKey), nonce, size);
  const cipher = createCipheriv('aes-256-gcm', contentKey, nonce, { authTagLength: GCM_TAG_BYTES });
  contentKey.fill(0);
  const hash = createHash('sha256');
  return writeStreamAtomic(output, async (out) => {
    const write = async (bytes: Buffer): Promise<void> => {
      hash.update(bytes);
      await out.write(bytes);
    };
    await write(head);
    for await (const chunk of content.chunks()) await write(cipher.update(chunk));
    await write(cipher.final());
    await write(derValue(DER_TAG.octetString, cipher.getAuthTag()));
    return { size: head.length + size + GCM_TAG_BYTES + 2, sha256: hash.digest('hex') };
  });
}
