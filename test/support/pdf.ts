import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PdfDocument } from '../../electron/services/pdf/document.ts';
import { PdfRef } from '../../electron/services/pdf/objects.ts';
import { formatValue } from '../../electron/services/pdf/serialize.ts';
import { tempDir } from './temp.ts';

/** A plain PDF with `pages` A4 pages and a classic cross-reference table, as office tools write them. */
export function writeTestPdf(path: string, pages: number, padding = 0, rotate = 0): void {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i * 2} 0 R`).join(' ');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) {
    const content = `BT /F1 24 Tf 72 760 Td (Page ${i + 1}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Rotate ${rotate} /Contents ${4 + i * 2} 0 R ` +
        '/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>',
    );
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  if (padding > 0) objects.push(`<< /Length ${padding} >>\nstream\n${'%'.repeat(padding)}\nendstream`);
  let body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(path, Buffer.from(body, 'latin1'));
}

/** The same document with object and cross-reference streams (PDF 1.5+), made by qpdf. */
export function withObjectStreams(input: string, output: string): void {
  execFileSync('qpdf', ['--object-streams=generate', input, output]);
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * pdfsig's verdict lines per signature, e.g. ["Signature is Valid."], whether each covers the whole file,
 * and its certificate verdicts. Given a CA, pdfsig checks against an NSS database trusting only that CA.
 */
export function pdfsig(path: string, trustedCaPem?: string): PdfsigReport {
  const nss = trustedCaPem === undefined ? [] : ['-nssdir', `sql:${nssDatabaseTrusting(trustedCaPem)}`];
  const result = spawnSync('pdfsig', [...nss, path], { encoding: 'utf8' });
  const output = result.stdout + result.stderr;
  return {
    validations: [...output.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1] ?? ''),
    certificates: [...output.matchAll(/Certificate Validation: (.*)/g)].map((m) => m[1] ?? ''),
    totals: [...output.matchAll(/- (Total document signed|Not total document signed)/g)].map((m) => m[1] === 'Total document signed'),
    output,
  };
}

export interface PdfsigReport {
  validations: string[];
  certificates: string[];
  totals: boolean[];
  output: string;
}

const nssDatabases = new Map<string, string>();

/** One NSS database per CA while it lasts (a temp folder made in a test goes with that test): two certutil runs each. */
function nssDatabaseTrusting(caPem: string): string {
  const known = nssDatabases.get(caPem);
  if (known !== undefined && existsSync(known)) return known;
  const dir = tempDir('nss');
  nssDatabases.set(caPem, dir);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'trusted-ca', '-t', 'CT,C,C', '-i', caPem]);
  return dir;
}

export function qpdfCheck(path: string): { ok: boolean; output: string } {
  const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

/**
 * What another tool does to a sealed file: an incremental update that replaces page 1's content
 * stream (object 4 in writeTestPdf's layout). Classic cross-reference files only.
 */
export function appendContentEdit(path: string): void {
  appendUpdate(path, { objects: { 4: streamObject('BT /F1 24 Tf 72 760 Td (Altered after sealing) Tj ET') } });
}

/** An indirect stream object's body (what goes between `N 0 obj` and `endobj`). */
export function streamObject(content: string, entries = ''): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} ${entries}>>\nstream\n${content}\nendstream`;
}

export interface UpdateSpec {
  /** Objects by number, each written as `N G obj … endobj` and listed in the update's cross-reference. */
  objects?: Record<number, string>;
  /** The same object number written and listed twice in one update, in this order: [number, body] pairs. */
  twice?: [number, string, string];
  /** Generations other than 0, by object number: `N 1 obj` and a cross-reference row with generation 1. */
  generations?: Record<number, number>;
  /** Objects the update marks free (the row `f`, next generation 1). */
  free?: number[];
  /** Bytes written before the objects that no cross-reference lists, e.g. a shadow definition of an object. */
  unlisted?: string;
  /** Cross-reference entries that point at bytes already in the file: object number to offset. */
  repoint?: Record<number, number>;
  /** Trailer entries that replace the previous trailer's, e.g. `{ Root: '20 0 R' }`; null leaves an entry out. */
  trailer?: Record<string, string | null>;
  /**
   * 'table' (the default) or 'stream': the update's own cross-reference as a classic table or as a
   * cross-reference stream (PDF 1.5); false: the objects alone, with no cross-reference, trailer or %%EOF.
   */
  crossReference?: 'table' | 'stream' | false;
}

/** One cross-reference row an update writes: in use at an offset, or free. */
type UpdateRow = { num: number; offset: number; gen: number } | { num: number; free: true };

/**
 * Appends an incremental update by hand, as an attacker or another tool writes one (ISO 32000-2 §7.5.6),
 * after the last %%EOF of a file whose newest trailer is a classic table's or a cross-reference stream's.
 */
export function appendUpdate(path: string, spec: UpdateSpec): void {
  const file = readFileSync(path);
  const tail = file.subarray(Math.max(0, file.length - 4096)).toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s*%%EOF\s*$/.exec(tail)?.[1]);
  const previous = previousTrailer(file, startxref);
  const entry = (key: string): string | undefined => new RegExp(`/${key}\\s+(\\d+ \\d+ R|\\d+)`).exec(previous)?.[1];
  const rows: UpdateRow[] = Object.entries(spec.repoint ?? {}).map(([n, o]) => ({ num: Number(n), offset: o, gen: 0 }));
  let body = spec.unlisted ?? '';
  const write = (num: number, object: string): void => {
    const gen = spec.generations?.[num] ?? 0;
    rows.push({ num, offset: file.length + Buffer.byteLength(body, 'latin1'), gen });
    body += `${num} ${gen} obj\n${object}\nendobj\n`;
  };
  for (const [num, object] of Object.entries(spec.objects ?? {})) write(Number(num), object);
  if (spec.twice !== undefined) spec.twice.slice(1).forEach((object) => write(spec.twice?.[0] as number, object as string));
  for (const num of spec.free ?? []) rows.push({ num, free: true });
  if (spec.crossReference === false) {
    appendFileSync(path, Buffer.from(body, 'latin1'));
    return;
  }
  const nums = rows.map((row) => row.num);
  const size = Math.max(Number(entry('Size')), ...nums.map((n) => n + 1)) + (spec.crossReference === 'stream' ? 1 : 0);
  const trailer: Record<string, string | null> = {
    Size: String(size),
    Root: entry('Root') ?? '1 0 R',
    ...(entry('Info') ? { Info: entry('Info') ?? '' } : {}),
    Prev: String(startxref),
    ...spec.trailer,
  };
  const dict = Object.entries(trailer)
    .flatMap(([k, v]) => (v === null ? [] : [`/${k} ${v}`]))
    .join(' ');
  const xref = file.length + Buffer.byteLength(body, 'latin1');
  const section = spec.crossReference === 'stream' ? crossReferenceStream(rows, size - 1, xref, dict) : crossReferenceTable(rows, dict);
  appendFileSync(path, Buffer.concat([Buffer.from(body, 'latin1'), section, Buffer.from(`startxref\n${xref}\n%%EOF\n`)]));
}

/** The newest trailer: a table's `trailer << … >>`, or the dictionary of the cross-reference stream at `startxref`. */
function previousTrailer(file: Buffer, startxref: number): string {
  const start = Math.max(0, file.length - 4096);
  const tail = file.subarray(start).toString('latin1');
  const table = tail.lastIndexOf('trailer');
  if (table >= 0 && start + table > startxref) return tail.slice(table);
  return (
    file
      .subarray(startxref, startxref + 1024)
      .toString('latin1')
      .split('stream')[0] ?? ''
  );
}

function crossReferenceTable(rows: readonly UpdateRow[], trailer: string): Buffer {
  const row = (r: UpdateRow): string =>
    'free' in r
      ? `${r.num} 1\n0000000000 00001 f\r\n`
      : `${r.num} 1\n${String(r.offset).padStart(10, '0')} ${String(r.gen).padStart(5, '0')} n\r\n`;
  return Buffer.from(`xref\n${rows.map(row).join('')}trailer\n<< ${trailer} >>\n`, 'latin1');
}

/** A cross-reference stream (W [1 4 2], one /Index run per row, unfiltered) numbered `num`, listing itself too. */
function crossReferenceStream(rows: readonly UpdateRow[], num: number, offset: number, trailer: string): Buffer {
  const all: UpdateRow[] = [...rows, { num, offset, gen: 0 }];
  const data = Buffer.alloc(all.length * 7);
  all.forEach((r, i) => {
    data.writeUInt8('free' in r ? 0 : 1, i * 7);
    data.writeUInt32BE('free' in r ? 0 : r.offset, i * 7 + 1);
    data.writeUInt16BE('free' in r ? 1 : r.gen, i * 7 + 5);
  });
  const index = all.map((r) => `${r.num} 1`).join(' ');
  const head = `${num} 0 obj\n<< /Type /XRef /W [1 4 2] /Index [${index}] /Length ${data.length} ${trailer} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from('\nendstream\nendobj\n')]);
}

/** An unsigned signature field on page 1 (object 6), which `mutool sign` fills. */
export function addEmptySignatureField(path: string): void {
  const file = readFileSync(path);
  const startxref = Number(/startxref\s+(\d+)/.exec(file.subarray(file.length - 64).toString('latin1'))?.[1]);
  const page = '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Annots [6 0 R] >>\nendobj\n';
  const catalog = '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>\nendobj\n';
  const field = '6 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Other) /F 4 /P 3 0 R /Rect [300 500 500 600] >>\nendobj\n';
  const offsets = [file.length, file.length + catalog.length, file.length + catalog.length + page.length];
  const xref = offsets[2]! + field.length;
  const entry = (o: number): string => `${String(o).padStart(10, '0')} 00000 n\r\n`;
  const table = `xref\n1 1\n${entry(offsets[0]!)}3 1\n${entry(offsets[1]!)}6 1\n${entry(offsets[2]!)}trailer\n<< /Size 7 /Root 1 0 R /Prev ${startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(path, Buffer.concat([file, Buffer.from(catalog + page + field + table, 'latin1')]));
}

/** An object as the newest revision of the file has it, written out again for an update. */
export function currentObject(path: string, num: number): string {
  const document = PdfDocument.open(path);
  try {
    return formatValue(document.resolve(new PdfRef(num, 0)) ?? null);
  } finally {
    document.close();
  }
}

/** An empty signature field as a form designer draws it: a name, a page (1-based) and a /Rect in points. */
export interface DesignedField {
  name: string;
  page: number;
  rect: [number, number, number, number];
}

/**
 * An A4 document of `pages` pages with empty signature fields, written by pikepdf (a form designer's
 * output, not SealDesk's): merged field-widgets with /P, listed in the page's /Annots and the AcroForm.
 */
export function writeFormWithSignatureFields(path: string, pages: number, fields: readonly DesignedField[]): void {
  const script = `
import json, sys, pikepdf
pages, fields, out = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
pdf = pikepdf.new()
font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
for i in range(pages):
    content = pdf.make_stream(f"BT /F1 24 Tf 72 760 Td (Form page {i + 1}) Tj ET".encode())
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595.28, 841.89], Contents=content,
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))
    pdf.pages.append(pikepdf.Page(page))
refs = []
for f in fields:
    page = pdf.pages[f["page"] - 1]
    widget = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Sig,
                                                  T=pikepdf.String(f["name"]), F=4, Rect=f["rect"], P=page.obj))
    if "/Annots" not in page.obj:
        page.obj.Annots = pikepdf.Array()
    page.obj.Annots.append(widget)
    refs.append(widget)
pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array(refs)))
pdf.save(out)
`;
  execFileSync('/usr/bin/python3', ['-c', script, String(pages), JSON.stringify(fields), path]);
}
