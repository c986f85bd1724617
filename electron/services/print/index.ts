export { printApplication, type PrintedAttachment, type PrintRequest } from './application-pdf.ts';
export { drawBlock, writePdf } from './document.ts';
export { chineseDate, type Block } from './blocks.ts';
export { Composer } from './composer.ts';
