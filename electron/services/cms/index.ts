export { createDetachedSignature, type DetachedSignatureOptions } from './sign.ts';
export { checkDetachedSignature, type DetachedSignatureCheck } from './verify.ts';
