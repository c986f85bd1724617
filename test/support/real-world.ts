import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printToPdf } from './producers.ts';

/** The shared public sample PDFs, used where they lie (never copied into the project). */
export const PDF_CORPUS = fileURLToPath(new URL('../../../shared/pdf-corpus/py-pdf-sample-files', import.meta.url));

export function corpusFiles(): string[] {
  return readdirSync(PDF_CORPUS)
    .filter((name) => name.endsWith('.pdf'))
    .sort()
    .map((name) => join(PDF_CORPUS, name));
}

/**
 * A Chinese notice printed by headless Chromium, as a unit's staff print a web page: `sections` of
 * headings, paragraphs and links; 20 make about 400 objects, a cross-reference table of 8 KB.
 */
export async function printChineseNotice(dir: string, sections: number): Promise<string> {
  const body = Array.from(
    { length: sections },
    (_, i) =>
      `<h2>第${i + 1}条 关于加强电子印章管理的通知</h2><p>各单位：为规范电子印章的申请、制作、使用和管理，根据《中华人民共和国电子签名法》等有关规定，` +
      `现就有关事项通知如下。请<a href="https://example.gov.cn/${i + 1}">查看附件${i + 1}</a>，并于<b>2026年12月${(i % 28) + 1}日</b>前报送<i>电子政务资源中心</i>。</p>`,
  ).join('');
  const html = join(dir, 'notice.html');
  writeFileSync(
    html,
    `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>关于加强电子印章管理的通知</title><body>${body}</body></html>`,
  );
  const pdf = join(dir, 'chromium-notice.pdf');
  await printToPdf(html, pdf, join(dir, 'chromium-profile'));
  return pdf;
}

/** pikepdf adding an attachment and a Chinese outline (bookmarks) to every page, as an office suite's export does. */
const ATTACH_AND_OUTLINE = `
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
pdf.attachments['附件.txt'] = pikepdf.AttachedFileSpec(pdf, '附件内容'.encode(), mime_type='text/plain')
with pdf.open_outline() as outline:
    for i in range(len(pdf.pages)):
        outline.root.append(pikepdf.OutlineItem(f'第{i + 1}页', i))
pdf.save(sys.argv[2])
`;

/**
 * The same document as qpdf, mutool, Ghostscript and pikepdf rewrite it: object streams, linearised, QDF, declared
 * PDF 2.0 and 1.3, cleaned, distilled again (new fonts, new objects), with an attachment and an outline.
 */
export function transformsOf(input: string, dir: string): string[] {
  const out = (name: string): string => join(dir, name);
  execFileSync('qpdf', ['--object-streams=generate', input, out('qpdf-object-streams.pdf')]);
  execFileSync('qpdf', ['--linearize', input, out('qpdf-linearized.pdf')]);
  execFileSync('qpdf', ['--qdf', input, out('qpdf-qdf.pdf')]);
  execFileSync('qpdf', ['--force-version=2.0', input, out('qpdf-pdf-2.0.pdf')]);
  execFileSync('qpdf', ['--force-version=1.3', input, out('qpdf-pdf-1.3.pdf')]);
  execFileSync('/usr/bin/python3', ['-c', ATTACH_AND_OUTLINE, input, out('pikepdf-attachment-outline.pdf')]);
  execFileSync('mutool', ['clean', '-gg', input, out('mutool-clean.pdf')]);
  execFileSync('gs', [
    '-q',
    '-dNOPAUSE',
    '-dBATCH',
    '-dSAFER',
    '-sDEVICE=pdfwrite',
    `-sOutputFile=${out('ghostscript-distilled.pdf')}`,
    input,
  ]);
  return [
    'qpdf-object-streams.pdf',
    'qpdf-linearized.pdf',
    'qpdf-qdf.pdf',
    'qpdf-pdf-2.0.pdf',
    'qpdf-pdf-1.3.pdf',
    'pikepdf-attachment-outline.pdf',
    'mutool-clean.pdf',
    'ghostscript-distilled.pdf',
  ].map(out);
}

/** The file with its last startxref moved by `delta` bytes, as writers that miscount leave it. */
export function withStartxrefOff(input: string, output: string, delta: number): void {
  const text = readFileSync(input).toString('latin1');
  const moved = text.replace(
    /startxref\s+(\d+)(\s+%%EOF\s*)$/,
    (_, offset: string, end: string) => `startxref\n${Number(offset) + delta}${end}`,
  );
  writeFileSync(output, Buffer.from(moved, 'latin1'));
}
