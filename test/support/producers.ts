import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The page counts every producer writes: a notice, a report, a handbook, a thesis-sized document. */
export const PAGE_COUNTS = [1, 30, 100, 300] as const;

export interface MadeDocument {
  path: string;
  producer: string;
  pages: number;
}

const NOTICE_TITLE = '关于加强电子印章管理的通知';
const NOTICE_TEXT = '各单位：为规范电子印章的申请、制作、使用和管理，根据《中华人民共和国电子签名法》等有关规定，现就有关事项通知如下。';

const made = (dir: string, producer: string, pages: number): MadeDocument => ({
  path: join(dir, `${producer}-${pages}p.pdf`),
  producer,
  pages,
});

type Producer = (dir: string, counts: readonly number[]) => Promise<MadeDocument[]>;

/**
 * The same Chinese notice, one heading and paragraph per page, written by each producer the apt setup
 * installs (by default all of them), at each page count. The producers run side by side (LibreOffice's
 * start-up dominates); every file, profile and intermediate stays in `dir`.
 */
export async function makeProducerCorpus(
  dir: string,
  counts: readonly number[] = PAGE_COUNTS,
  producers: readonly (keyof typeof PRODUCERS)[] = ['libreoffice', 'chromium', 'ghostscript', 'pikepdf'],
): Promise<MadeDocument[]> {
  mkdirSync(dir, { recursive: true });
  const groups = await Promise.all(producers.map((name) => PRODUCERS[name](dir, counts)));
  return groups.flat();
}

/** LibreOffice writer (headless, its own profile) converting flat ODF text documents with page breaks. */
async function libreOffice(dir: string, counts: readonly number[]): Promise<MadeDocument[]> {
  const sources = counts.map((pages) => {
    const path = join(dir, `libreoffice-${pages}p.fodt`);
    const body = Array.from(
      { length: pages },
      (_, i) =>
        `<text:h text:outline-level="1"${i > 0 ? ' text:style-name="NewPage"' : ''}>第${i + 1}页 ${NOTICE_TITLE}</text:h>` +
        `<text:p>${NOTICE_TEXT}</text:p>`,
    ).join('');
    writeFileSync(
      path,
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" ' +
        'office:mimetype="application/vnd.oasis.opendocument.text">' +
        '<office:automatic-styles><style:style style:name="NewPage" style:family="paragraph">' +
        '<style:paragraph-properties fo:break-before="page"/></style:style></office:automatic-styles>' +
        `<office:body><office:text>${body}</office:text></office:body></office:document>`,
    );
    return path;
  });
  // One process converts all four: its start-up, not the pages, is what takes the time.
  await run('soffice', [
    `-env:UserInstallation=file://${join(dir, 'libreoffice-profile')}`,
    '--headless',
    '--convert-to',
    'pdf',
    '--outdir',
    dir,
    ...sources,
  ]);
  return counts.map((pages) => made(dir, 'libreoffice', pages));
}

/** Chromium's print of a Chinese web page with a page break after each section, one at a time (each is a browser). */
async function chromium(dir: string, counts: readonly number[]): Promise<MadeDocument[]> {
  const documents: MadeDocument[] = [];
  for (const pages of counts) {
    const sections = Array.from(
      { length: pages },
      (_, i) =>
        `<section><h2>第${i + 1}页 ${NOTICE_TITLE}</h2><p>${NOTICE_TEXT}请<a href="https://example.gov.cn/${i + 1}">查看附件${i + 1}</a>。</p></section>`,
    ).join('');
    const html = join(dir, `chromium-${pages}p.html`);
    writeFileSync(
      html,
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>section{break-after:page}section:last-child{break-after:auto}</style>' +
        `<title>${NOTICE_TITLE}</title><body>${sections}</body></html>`,
    );
    const document = made(dir, 'chromium', pages);
    await printToPdf(html, document.path, join(dir, 'chromium-profile'));
    documents.push(document);
  }
  return documents;
}

/** Headless Chromium printing `html` to `pdf`, as a unit's staff print a web page. */
export async function printToPdf(html: string, pdf: string, profile: string): Promise<void> {
  await run('chromium', [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-pdf-header-footer',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    `--print-to-pdf=${pdf}`,
    `file://${html}`,
  ]);
}

/** Ghostscript's pdfwrite distilling a PostScript program that draws the pages (text in a base-35 font, a rule). */
async function ghostscript(dir: string, counts: readonly number[]): Promise<MadeDocument[]> {
  const documents: MadeDocument[] = [];
  for (const pages of counts) {
    const ps = join(dir, `ghostscript-${pages}p.ps`);
    writeFileSync(
      ps,
      `%!PS\n/Times-Roman findfont 18 scalefont setfont\n<< /PageSize [595 842] >> setpagedevice\n` +
        `1 1 ${pages} { /n exch def 72 760 moveto (Ghostscript page ) show n 10 string cvs show\n` +
        `0.3 setgray 72 740 moveto 450 0 rlineto stroke 0 setgray showpage } for\n`,
    );
    const document = made(dir, 'ghostscript', pages);
    await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite', `-sOutputFile=${document.path}`, ps]);
    documents.push(document);
  }
  return documents;
}

/**
 * pikepdf (qpdf's Python binding) writing pages one by one, each count with a layout readers must honour:
 * 30 pages turned by /Rotate 90, 100 US-letter pages with a smaller CropBox, 300 in object streams.
 */
async function pikepdf(dir: string, counts: readonly number[]): Promise<MadeDocument[]> {
  const script = `
import sys, pikepdf
from pikepdf import Array, Dictionary, Name
out, counts = sys.argv[1], [int(n) for n in sys.argv[2:]]
for n in counts:
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for i in range(n):
        text = f"BT /F1 24 Tf 90 700 Td (pikepdf page {i + 1} of {n}) Tj ET".encode()
        page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595.28, 841.89]), Contents=pdf.make_stream(text),
                          Resources=Dictionary(Font=Dictionary(F1=font)))
        if n == 30:
            page.Rotate = 90
        if n == 100:
            page.MediaBox = Array([0, 0, 612, 792])
            page.CropBox = Array([36, 48, 576, 756])
        pdf.pages.append(pikepdf.Page(page))
    mode = pikepdf.ObjectStreamMode.generate if n == 300 else pikepdf.ObjectStreamMode.disable
    pdf.save(f"{out}/pikepdf-{n}p.pdf", object_stream_mode=mode)
`;
  // The system Python, where python3-pikepdf is installed (a python3 earlier on PATH may lack it).
  await run('/usr/bin/python3', ['-c', script, dir, ...counts.map(String)]);
  return counts.map((pages) => made(dir, 'pikepdf', pages));
}

const PRODUCERS = { libreoffice: libreOffice, chromium, ghostscript, pikepdf } satisfies Record<string, Producer>;
