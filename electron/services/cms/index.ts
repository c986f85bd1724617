export { bufferContent, envelopeBytes, fileContent, sealingFor, type EnvelopeContent, type EnvelopeSealing } from './envelope.ts';
export { contentHashFor, createDetachedSignature, signContent, type DetachedSignatureOptions, type Timestamper } from './sign.ts';
export {
  checkSignedContent,
  readDetachedSignature,
  signatureHolds,
  signatureParts,
  type DetachedSignature,
  type DetachedSignatureCheck,
  type SignatureParts,
} from './verify.ts';
export { CMS_OID } from './oids.ts';
export {
  checkTimestampToken,
  randomPositiveInteger,
  timestampRequest,
  tokenFromReply,
  type TimestampCheck,
  type TimestampRequest,
} from './timestamp.ts';
