import { deflateSync } from 'node:zlib';
import type { TrueTypeFont } from '../fonts/index.ts';
import { dict, embedFont, formatNumber as f, name, PdfStream, PdfWriter, type EmbeddedFont, type PdfRef } from '../pdf/index.ts';
import { chineseDate, type Block } from './blocks.ts';
import type { Composer } from './composer.ts';
import { A4, BODY_SIZE, CONTENT_WIDTH, type Page } from './composer.ts';

/** The ideographic space (U+3000) that separates items on a Chinese line. */
export const GAP = '\u3000';
const MM = 72 / 25.4;
const LABEL_WIDTH = 42 * MM;
const SEAL_AREA = 62 * MM;

/** The printed documents' shared shapes: a titled section, a label and its value, a table. */
export function drawBlock(composer: Composer, block: Block): void {
  if (block.kind !== 'row') composer.keepWithNext(3);
  if (block.kind === 'section') composer.row([{ width: CONTENT_WIDTH, text: block.title, fill: true, bold: true }]);
  else if (block.kind === 'row')
    composer.row([
      { width: LABEL_WIDTH, text: block.label, fill: true },
      { width: CONTENT_WIDTH - LABEL_WIDTH, text: block.value },
    ]);
  else {
    const widths = gridWidths(composer, block.columns, block.weights);
    composer.row(block.columns.map((text, i) => ({ width: widths[i] ?? 0, text, fill: true })));
    for (const row of block.rows) composer.row(row.map((text, i) => ({ width: widths[i] ?? 0, text })));
  }
}

/**
 * 序号 gets what its header needs; the other columns share the rest, by the weights given or else
 * wider where the header is longer.
 */
function gridWidths(composer: Composer, columns: readonly string[], weights?: readonly number[]): number[] {
  const first = composer.measure(columns[0] ?? '', BODY_SIZE) + 10;
  const shares = weights ?? columns.slice(1).map((title) => Math.max(composer.measure(title, BODY_SIZE), 40));
  const total = shares.reduce((a, b) => a + b, 0);
  return [first, ...shares.map((w) => ((CONTENT_WIDTH - first) * w) / total)];
}

/** Where a mark's centre goes on a printed page, in mm from the page's top-left corner (as 盖章 places it). */
export interface MarkSpot {
  page: number;
  xMm: number;
  yMm: number;
}

/**
 * Blank space at the end for the seal, with the line and date it covers, as on a paper form. Returns
 * where the seal goes (over the label and date, at the right) and where an approval fits beside it.
 */
export function sealArea(composer: Composer, label: string, date: Date): { seal: MarkSpot; approval: MarkSpot } {
  composer.reserve(SEAL_AREA);
  const { page, y } = composer.cursor;
  const centreMm = (y + SEAL_AREA - 40) / MM;
  composer.space(SEAL_AREA - 56);
  composer.line(label, 12, 'right');
  composer.space(8);
  composer.line(chineseDate(date.toISOString()), 12, 'right');
  return { seal: { page, xMm: 160, yMm: centreMm }, approval: { page, xMm: 70, yMm: centreMm } };
}

export function writePdf(pages: readonly Page[], font: TrueTypeFont, title: string): Buffer {
  const writer = new PdfWriter();
  // Each character once: a long report repeats the same few hundred characters a million times.
  const text = [...new Set(pages.flatMap((page) => page.text.map((run) => run.text)).join(''))].join('');
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
