import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { SignatureAlgorithm } from '../pki/index.ts';
import type { Signer } from '../token/index.ts';
import { signatureBase, type HttpMessage } from './base.ts';
import { ecdsaDerToRaw } from './ecdsa.ts';
import { serializeInnerList, type Parameters } from './structured.ts';

/** RFC 9421 algorithm names for what a token Signer can make, the strongest first: PSS where the token has it. */
const HTTP_ALGORITHMS: readonly [string, SignatureAlgorithm][] = [
  ['ecdsa-p256-sha256', 'ecdsa-p256-sha256'],
  ['rsa-pss-sha512', 'rsa-pss-sha512'],
  ['rsa-v1_5-sha256', 'rsa-pkcs1-sha256'],
];

/** RFC 9421's name for a shared-secret signature (§3.3.3): what a session key signs with. */
export const SHARED_SECRET_ALGORITHM = 'hmac-sha256';

/** What makes an HTTP signature: the key id the verifier looks the key up by, the RFC 9421 algorithm, the signing itself. */
export interface MessageSigner {
  readonly keyid: string;
  readonly alg: string;
  sign(base: Uint8Array): Promise<Uint8Array>;
}

export interface SignOptions {
  components: readonly string[];
  created: Date;
  /** Short-lived on purpose: a captured request is useless soon after. */
  lifetimeSeconds: number;
  label?: string;
  nonce?: string;
}

/** The key id both sides use: the SHA-256 thumbprint of the signing certificate, lower-case hex. */
export function certificateKeyId(certificate: Uint8Array): string {
  return createHash('sha256').update(certificate).digest('hex');
}

/** The RFC 9421 name and the token's algorithm a signer's HTTP signatures are made with. */
export function httpSignatureAlgorithm(signer: Pick<Signer, 'algorithms' | 'keyType'>): [alg: string, algorithm: SignatureAlgorithm] {
  const chosen = HTTP_ALGORITHMS.find(([, algorithm]) => signer.algorithms.includes(algorithm));
  if (chosen === undefined) throw new AppError('MECHANISM_UNSUPPORTED', { algorithm: signer.keyType.display });
  return chosen;
}

/** Signatures with a certificate's key (the token's, or the center's in software), named by the certificate's thumbprint. */
export function certificateSigner(signer: Signer): MessageSigner {
  const [alg, algorithm] = httpSignatureAlgorithm(signer);
  return {
    keyid: certificateKeyId(signer.certificate),
    alg,
    sign: async (base) => {
      const signature = await signer.sign(base, algorithm);
      return algorithm === 'ecdsa-p256-sha256' ? ecdsaDerToRaw(signature, 32) : signature;
    },
  };
}

/** Signatures with a secret both ends hold (HMAC-SHA256), named by `keyid`. */
export function sharedSecretSigner(keyid: string, secret: Uint8Array): MessageSigner {
  return { keyid, alg: SHARED_SECRET_ALGORITHM, sign: (base) => Promise.resolve(hmacSha256(secret, base)) };
}

export function hmacSha256(secret: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update(data).digest());
}

/** Signs a message; returns the Signature-Input and Signature fields to add. */
export async function signMessage(
  message: HttpMessage,
  signer: MessageSigner,
  options: SignOptions,
): Promise<Record<'signature-input' | 'signature', string>> {
  const created = Math.floor(options.created.getTime() / 1000);
  const params: Parameters = [
    ['created', created],
    ['expires', created + options.lifetimeSeconds],
    ['nonce', options.nonce ?? randomBytes(16).toString('base64url')],
    ['keyid', signer.keyid],
    ['alg', signer.alg],
  ];
  const input = { items: [...options.components], params };
  const signature = await signer.sign(Buffer.from(signatureBase(message, input), 'ascii'));
  const label = options.label ?? 'sig1';
  return {
    'signature-input': `${label}=${serializeInnerList(input)}`,
    signature: `${label}=:${Buffer.from(signature).toString('base64')}:`,
  };
}
