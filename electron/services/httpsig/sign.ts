import { createHash, randomBytes } from 'node:crypto';
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

/** Signs a message on the token; returns the Signature-Input and Signature fields to add. */
export async function signMessage(
  message: HttpMessage,
  signer: Signer,
  options: SignOptions,
): Promise<Record<'signature-input' | 'signature', string>> {
  const [alg, algorithm] = httpSignatureAlgorithm(signer);
  const created = Math.floor(options.created.getTime() / 1000);
  const params: Parameters = [
    ['created', created],
    ['expires', created + options.lifetimeSeconds],
    ['nonce', options.nonce ?? randomBytes(16).toString('base64url')],
    ['keyid', certificateKeyId(signer.certificate)],
    ['alg', alg],
  ];
  const input = { items: [...options.components], params };
  const signature = await signer.sign(Buffer.from(signatureBase(message, input), 'ascii'), algorithm);
  const value = algorithm === 'ecdsa-p256-sha256' ? ecdsaDerToRaw(signature, 32) : signature;
  const label = options.label ?? 'sig1';
  return {
    'signature-input': `${label}=${serializeInnerList(input)}`,
    signature: `${label}=:${Buffer.from(value).toString('base64')}:`,
  };
}
