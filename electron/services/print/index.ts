export { drawBlock, printApplication, writePdf, type PrintedAttachment, type PrintRequest } from './application-pdf.ts';
export { chineseDate, type Block } from './blocks.ts';
export { Composer } from './composer.ts';
