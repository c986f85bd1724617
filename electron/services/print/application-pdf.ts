import type { FormDefinition } from '../../../shared/forms/index.ts';
import { cjkFont } from '../fonts/index.ts';
import { applicationBlocks, chineseDate, type Block } from './blocks.ts';
import { Composer } from './composer.ts';
import { drawBlock, GAP, sealArea, writePdf } from './document.ts';

export interface PrintedAttachment {
  field: string;
  name: string;
  size: number;
  sha256: string;
}

export interface PrintRequest {
  form: FormDefinition;
  data: Record<string, unknown>;
  /** Printed on every page so loose sheets can be matched to the electronic application. */
  reference: string;
  attachments: readonly PrintedAttachment[];
  /** Null for a draft: the sheet then says it is not signed. */
  signature: { signer: string; signedAt: string; sha256: string } | null;
  printedAt: Date;
}

/** The application as an A4 PDF in Chinese layout: title, field table, attachment list with digests, signature and seal area. */
export function printApplication(request: PrintRequest): Buffer {
  const font = cjkFont();
  const composer = new Composer(font);
  composer.line(request.form.title, 20, 'center');
  composer.line(
    `申请编号：${request.reference}${GAP}表单版本：第 ${request.form.version} 版${GAP}打印日期：${chineseDate(request.printedAt.toISOString())}`,
    9,
    'center',
  );
  composer.space(6);
  for (const block of applicationBlocks(request.form, request.data)) drawBlock(composer, block);
  drawBlock(composer, { kind: 'section', title: '附件清单' });
  drawBlock(composer, attachmentGrid(request.attachments));
  drawBlock(composer, { kind: 'section', title: '电子签名' });
  for (const row of signatureRows(request.signature)) drawBlock(composer, row);
  if (request.form.needsUnitSeal) sealArea(composer, '申请单位（盖章）', request.printedAt);
  composer.footer((page, total) => `${request.reference}${GAP}第 ${page} 页 共 ${total} 页`, 9);
  return writePdf(composer.pages, font, request.form.title);
}

function attachmentGrid(attachments: readonly PrintedAttachment[]): Block {
  return {
    kind: 'grid',
    columns: ['序号', '栏目', '文件名', '大小', 'SHA-256 摘要（十六进制）'],
    rows: attachments.map((a, i) => [String(i + 1), a.field, a.name, sizeText(a.size), a.sha256]),
  };
}

function signatureRows(signature: PrintRequest['signature']): Block[] {
  if (signature === null) return [{ kind: 'row', label: '状态', value: '草稿，尚未签名。本页仅供核对，不作为正式申请。' }];
  return [
    { kind: 'row', label: '签名人', value: signature.signer },
    { kind: 'row', label: '签名时间', value: signature.signedAt },
    { kind: 'row', label: '申请数据摘要', value: `SHA-256 ${signature.sha256}` },
  ];
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
