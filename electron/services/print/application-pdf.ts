import { deflateSync } from 'node:zlib';
import type { FormDefinition } from '../../../shared/forms/index.ts';
import { cjkFont, type TrueTypeFont } from '../fonts/index.ts';
import { dict, embedFont, formatNumber as f, name, PdfStream, PdfWriter, type EmbeddedFont, type PdfRef } from '../pdf/index.ts';
import { applicationBlocks, chineseDate, type Block } from './blocks.ts';
import { A4, BODY_SIZE, Composer, CONTENT_WIDTH, type Page } from './composer.ts';

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

/** The ideographic space (U+3000) that separates items on a Chinese line. */
const GAP = '\u3000';
const LABEL_WIDTH = 42 * (72 / 25.4);
const SEAL_AREA = 62 * (72 / 25.4);

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
  if (request.form.needsUnitSeal) sealArea(composer, request.printedAt);
  composer.footer((page, total) => `${request.reference}${GAP}第 ${page} 页 共 ${total} 页`, 9);
  return writePdf(composer.pages, font, request.form.title);
}

/** One block laid out: a shaded section title, a label–value row, or a table with its header row. */
export function drawBlock(composer: Composer, block: Block): void {
  if (block.kind !== 'row') composer.keepWithNext(3);
  if (block.kind === 'section') composer.row([{ width: CONTENT_WIDTH, text: block.title, fill: true, bold: true }]);
  else if (block.kind === 'row')
    composer.row([
      { width: LABEL_WIDTH, text: block.label, fill: true },
      { width: CONTENT_WIDTH - LABEL_WIDTH, text: block.value },
    ]);
  else {
    const widths = gridWidths(composer, block.columns);
    composer.row(block.columns.map((text, i) => ({ width: widths[i] ?? 0, text, fill: true })));
    for (const row of block.rows) composer.row(row.map((text, i) => ({ width: widths[i] ?? 0, text })));
  }
}

/** 序号 gets what its header needs; the other columns share the rest, wider where the header is longer. */
function gridWidths(composer: Composer, columns: readonly string[]): number[] {
  const first = composer.measure(columns[0] ?? '', BODY_SIZE) + 10;
  const weights = columns.slice(1).map((title) => Math.max(composer.measure(title, BODY_SIZE), 40));
  const total = weights.reduce((a, b) => a + b, 0);
  return [first, ...weights.map((w) => ((CONTENT_WIDTH - first) * w) / total)];
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

/** Blank space at the end for the unit's seal, with the unit line and date it covers, as on a paper form. */
function sealArea(composer: Composer, printedAt: Date): void {
  composer.reserve(SEAL_AREA);
  composer.space(SEAL_AREA - 56);
  composer.line('申请单位（盖章）', 12, 'right');
  composer.space(8);
  composer.line(chineseDate(printedAt.toISOString()), 12, 'right');
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The composed pages as a PDF with the one CJK font embedded (only the glyphs used). */
export function writePdf(pages: readonly Page[], font: TrueTypeFont, title: string): Buffer {
  const writer = new PdfWriter();
  const text = pages.flatMap((page) => page.text.map((run) => run.text)).join('');
  const embedded = embedFont(writer, font, text);
  const pagesRef = writer.reserve();
  const kids: PdfRef[] = pages.map((page) =>
    writer.add(
      dict({
        Type: name('Page'),
        Parent: pagesRef,
        MediaBox: [0, 0, A4.width, A4.height],
        Resources: dict({ Font: dict({ F1: embedded.ref }) }),
        Contents: writer.add(new PdfStream(dict({ Filter: name('FlateDecode') }), { data: deflateSync(contentStream(page, embedded)) })),
      }),
    ),
  );
  writer.set(pagesRef, dict({ Type: name('Pages'), Kids: kids, Count: kids.length }));
  return writer.finish(pagesRef, { title, producer: 'SealDesk' });
}

function contentStream(page: Page, font: EmbeddedFont): Buffer {
  const ops = ['0.6 w 0 G', ...page.graphics, 'BT 0 g'];
  for (const run of page.text)
    ops.push(`${run.bold ? '2 Tr 0.3 w' : '0 Tr'} /F1 ${f(run.size)} Tf 1 0 0 1 ${f(run.x)} ${f(run.y)} Tm ${font.hex(run.text)} Tj`);
  ops.push('ET');
  return Buffer.from(ops.join('\n'), 'latin1');
}
