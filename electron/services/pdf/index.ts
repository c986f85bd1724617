export { openPdfFile, PdfDocument } from './document.ts';
export { digestFile, type ByteSpan, type DigestPass, type SpanDigest } from './digest-pass.ts';
export {
  planInspection,
  type SignatureInspection,
  type InspectedDocument,
  type InspectedSignature,
  type InspectedTimestamp,
  type Permission,
} from './inspect.ts';
export { allPages, pageAt, pageCount, pageTreeCycle, type PageInfo } from './pages.ts';
export { addSignatureField, signIntoField, type Modification, type WidgetPlacement } from './signature-field.ts';
export { emptySignatureFields, signatureFields, type EmptySignatureField, type SignatureWidget } from './fields.ts';
export { type ValidationData } from './dss.ts';
export { signPdf, type LongTermEvidence, type SignPdfResult } from './sign.ts';
export { IncrementalUpdate } from './update.ts';
export { rewriteDocument } from './rewrite.ts';
export { dict, name, PdfRef, PdfStream, PdfString } from './objects.ts';
export { formatNumber } from './serialize.ts';
export { readPdfRange } from './range.ts';
export { describePdf } from './describe.ts';
export { PdfWriter, type ObjectSink } from './writer.ts';
export { embedFont, type EmbeddedFont } from './font.ts';
