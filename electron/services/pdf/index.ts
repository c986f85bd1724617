export { PdfDocument } from './document.ts';
export { inspectSignatures, type InspectedDocument, type InspectedSignature, type Permission } from './inspect.ts';
export { pageAt, pageCount, type PageInfo } from './pages.ts';
export { addSignatureField, type Modification, type WidgetPlacement } from './signature-field.ts';
export { signPdf, type SignPdfResult } from './sign.ts';
export { IncrementalUpdate } from './update.ts';
export { dict, name, PdfRef, PdfStream, PdfString } from './objects.ts';
export { formatNumber } from './serialize.ts';
export { readPdfRange } from './range.ts';
