export { bufferContent, encryptForRecipient, fileContent, type EnvelopeContent, type SealedEnvelope } from './envelope.ts';
export { createDetachedSignature, type DetachedSignatureOptions } from './sign.ts';
export { checkDetachedSignature, signedDigestAlgorithm, type DetachedSignatureCheck } from './verify.ts';
