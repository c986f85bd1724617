export { signatureBase, type HttpMessage } from './base.ts';
export { contentDigest, digestMatches, formatDigest } from './digest.ts';
export { signatureNonce, signWithDigest, type SignedExchangeOptions } from './exchange.ts';
export {
  certificateKeyId,
  certificateSigner,
  httpSignatureAlgorithm,
  sharedSecretSigner,
  signMessage,
  type MessageSigner,
  type SignOptions,
} from './sign.ts';
export {
  verifyContent,
  verifyMessage,
  verifySignature,
  type SignatureCheck,
  type Verification,
  type VerifyingKey,
  type VerifyPolicy,
} from './verify.ts';
export { SessionKeyAgreement, type SessionSecrets } from './session.ts';
