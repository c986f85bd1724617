import { createHash } from 'node:crypto';
import type { HttpMessage } from './base.ts';
import { formatDigest } from './digest.ts';
import { signMessage, type MessageSigner } from './sign.ts';
import { parseDictionary, StructuredFieldError } from './structured.ts';

export interface SignedExchangeOptions {
  components: readonly string[];
  now: Date;
  lifetimeSeconds: number;
  /** The body's SHA-256 when the caller has it already (an upload chunk, hashed while the one before it was sent). */
  bodySha256?: Uint8Array;
}

/**
 * Adds Content-Digest for the body and an RFC 9421 signature over the given components: the one way
 * both the client (requests: on the token, or with its session key) and the center (responses) sign a message.
 */
export async function signWithDigest(
  message: HttpMessage,
  body: Uint8Array,
  signer: MessageSigner,
  options: SignedExchangeOptions,
): Promise<Record<string, string>> {
  const headers = { ...message.headers, 'content-digest': formatDigest(options.bodySha256 ?? createHash('sha256').update(body).digest()) };
  const signature = await signMessage({ ...message, headers }, signer, {
    components: options.components,
    created: options.now,
    lifetimeSeconds: options.lifetimeSeconds,
  });
  return { ...(headers as Record<string, string>), ...signature };
}

/** The nonce a request was signed with, read before verification so a refusal can still be bound to it. */
export function signatureNonce(signatureInput: string | undefined, label = 'sig1'): string | null {
  if (signatureInput === undefined) return null;
  try {
    const member = parseDictionary(signatureInput).get(label);
    const nonce = member !== undefined && 'params' in member ? member.params.find(([name]) => name === 'nonce')?.[1] : undefined;
    return typeof nonce === 'string' ? nonce : null;
  } catch (error) {
    if (error instanceof StructuredFieldError) return null;
    throw error;
  }
}
