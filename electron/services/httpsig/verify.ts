import { constants, timingSafeEqual, verify } from 'node:crypto';
import type { SignatureRejection } from '../../../shared/model/http-signature.ts';
import { certificatePublicKey } from '../pki/index.ts';
import { MissingComponent, signatureBase, type HttpMessage } from './base.ts';
import { digestMatches } from './digest.ts';
import { hmacSha256, SHARED_SECRET_ALGORITHM } from './sign.ts';
import { parseDictionary, StructuredFieldError, type InnerList } from './structured.ts';

/** What a key id names: a certificate (its public key checks the signature) or a secret both ends hold (HMAC). */
export type VerifyingKey = { certificate: Uint8Array } | { sharedSecret: Uint8Array };

export interface VerifyPolicy {
  label?: string;
  /** Components a valid signature must cover. */
  required: readonly string[];
  now: Date;
  /** Clock difference tolerated on `created`. */
  skewSeconds: number;
  /** Longest `expires - created` accepted; a signature without `expires` is refused. */
  maxLifetimeSeconds: number;
  /** The key a key id names, or null when it is unknown, expired or revoked for this use. */
  keyFor(keyid: string): VerifyingKey | null;
  /** SHA-256 of the body received; checked against the signed Content-Digest when `content-digest` is required. */
  bodySha256?: Uint8Array;
  /** Records a nonce; false when it was seen before (a replay). Called only once the signature is valid. */
  rememberNonce?(keyid: string, nonce: string, expires: number): boolean;
}

export type Verification = { ok: true; keyid: string } | { ok: false; reason: SignatureRejection };

const refuse = (reason: SignatureRejection): { ok: false; reason: SignatureRejection } => ({ ok: false, reason });

/** Checks an RFC 9421 signature under SealDesk's profile: required components, short validity, known key, digest, nonce. */
export function verifyMessage(message: HttpMessage, policy: VerifyPolicy): Verification {
  const signed = verifySignature(message, policy);
  return signed.ok ? verifyContent(message, signed, policy) : signed;
}

/** A signature that holds over the message's headers, before its body has been read. */
export type SignatureCheck =
  { ok: true; keyid: string; coversDigest: boolean; nonce: string | null; expires: number } | { ok: false; reason: SignatureRejection };

/**
 * The header half of verifyMessage: profile, validity, key and the signature itself. A server runs it
 * before reading the body, so an unauthenticated caller costs no more than its headers.
 */
export function verifySignature(message: HttpMessage, policy: Omit<VerifyPolicy, 'bodySha256' | 'rememberNonce'>): SignatureCheck {
  const label = policy.label ?? 'sig1';
  if (message.headers['signature-input'] === undefined || message.headers['signature'] === undefined) return refuse('signature-missing');
  let input: InnerList;
  let signature: Uint8Array;
  try {
    const inputMember = parseDictionary(message.headers['signature-input']).get(label);
    const signatureMember = parseDictionary(message.headers['signature']).get(label);
    if (inputMember === undefined || signatureMember === undefined) return refuse('signature-missing');
    if (!('items' in inputMember) || !(signatureMember instanceof Uint8Array)) return refuse('signature-malformed');
    [input, signature] = [inputMember, signatureMember];
  } catch (error) {
    if (error instanceof StructuredFieldError) return refuse('signature-malformed');
    throw error;
  }
  const param = (key: string) => input.params.find(([name]) => name === key)?.[1];
  const [created, expires, keyid, nonce, alg] = ['created', 'expires', 'keyid', 'nonce', 'alg'].map(param);
  if (typeof created !== 'number' || typeof expires !== 'number' || typeof keyid !== 'string') return refuse('signature-malformed');
  if (!policy.required.every((component) => input.items.includes(component))) return refuse('components-missing');
  const now = Math.floor(policy.now.getTime() / 1000);
  if (created > now + policy.skewSeconds) return refuse('signature-not-yet-valid');
  if (expires <= now || expires - created > policy.maxLifetimeSeconds) return refuse('signature-expired');
  const key = policy.keyFor(keyid);
  if (key === null) return refuse('key-unknown');
  let base: string;
  try {
    base = signatureBase(message, input);
  } catch (error) {
    if (error instanceof MissingComponent) return refuse('components-missing');
    throw error;
  }
  if (!signatureHolds(key, typeof alg === 'string' ? alg : null, Buffer.from(base, 'ascii'), signature)) return refuse('signature-invalid');
  const coversDigest = input.items.includes('content-digest');
  return { ok: true, keyid, coversDigest, nonce: typeof nonce === 'string' ? nonce : null, expires };
}

/** The body half: the signed Content-Digest against the body received, then the nonce (only for a request whole and valid). */
export function verifyContent(
  message: HttpMessage,
  signed: Extract<SignatureCheck, { ok: true }>,
  policy: Pick<VerifyPolicy, 'bodySha256' | 'rememberNonce'>,
): Verification {
  if (signed.coversDigest && !digestMatches(message.headers['content-digest'], policy.bodySha256 ?? new Uint8Array()))
    return refuse('digest-mismatch');
  if (policy.rememberNonce && (signed.nonce === null || !policy.rememberNonce(signed.keyid, signed.nonce, signed.expires)))
    return refuse('nonce-replayed');
  return { ok: true, keyid: signed.keyid };
}

/** The algorithm follows from the key; an `alg` parameter that contradicts it fails. */
function signatureHolds(verifying: VerifyingKey, alg: string | null, data: Uint8Array, signature: Uint8Array): boolean {
  if ('sharedSecret' in verifying) {
    if (alg !== null && alg !== SHARED_SECRET_ALGORITHM) return false;
    const expected = hmacSha256(verifying.sharedSecret, data);
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
  const key = certificatePublicKey(verifying.certificate);
  const type = key.asymmetricKeyType;
  if (type === 'ec' && (alg === null || alg === 'ecdsa-p256-sha256'))
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (type === 'rsa' && (alg === null || alg === 'rsa-v1_5-sha256')) return verify('sha256', data, key, signature);
  if (type === 'rsa' && alg === 'rsa-pss-sha512')
    return verify('sha512', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }, signature);
  return false;
}
