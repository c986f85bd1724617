export { signatureBase, type HttpMessage } from './base.ts';
export { contentDigest, digestMatches, formatDigest } from './digest.ts';
export { certificateKeyId, signMessage, type SignOptions } from './sign.ts';
export { verifyMessage, type Verification, type VerifyPolicy } from './verify.ts';
