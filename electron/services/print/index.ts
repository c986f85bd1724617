export { printApplication, type PrintedAttachment, type PrintRequest } from './application-pdf.ts';
