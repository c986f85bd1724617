export { signatureBase, type HttpMessage } from './base.ts';
export { contentDigest, digestMatches, formatDigest } from './digest.ts';
export { signatureNonce, signWithDigest, type SignedExchangeOptions } from './exchange.ts';
export { certificateKeyId, httpSignatureAlgorithm, signMessage, type SignOptions } from './sign.ts';
export { verifyContent, verifyMessage, verifySignature, type SignatureCheck, type Verification, type VerifyPolicy } from './verify.ts';
