import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDerHeader } from '../../electron/services/der/der.ts';
import { PdfDocument } from '../../electron/services/pdf/document.ts';
import { PdfRef } from '../../electron/services/pdf/objects.ts';
import { formatValue } from '../../electron/services/pdf/serialize.ts';
import { opensslCa, opensslCrl, opensslIssued, opensslOcspRespond, type OpensslParty } from './openssl-ocsp.ts';
import { appendUpdate, currentObject } from './pdf.ts';

// What long-term validation tools (Adobe's "add verification information", pyHanko's `ltvfix`, EU DSS)
// append after the signatures: a Document Security Store with certificates, CRLs and OCSP responses
// (ISO 32000-2 §12.8.4.3), and document time-stamps (§12.8.5). The DER comes from the openssl
// command line (a test TSA, its CA's CRL and OCSP responder), the updates are written by hand.

const openssl = (args: readonly string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] });

/** A time-stamp authority run by `openssl ts`, with the CA that issued it, that CA's CRL and an OCSP answer on the TSA. */
export interface TestTsa {
  ca: OpensslParty;
  tsa: OpensslParty;
  crl: Uint8Array;
  ocsp: Uint8Array;
  /** An RFC 3161 time-stamp token over the SHA-256 `digest`, as `openssl ts -reply -token_out` makes it. */
  stamp(digest: Uint8Array): Uint8Array;
}

export function openTestTsa(dir: string): TestTsa {
  const ca = opensslCa(dir, 'Test TSA CA');
  const tsa = opensslIssued(dir, ca, 'Test TSA', ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=critical,timeStamping']);
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const config = join(dir, 'openssl.cnf');
  writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = test_tsa',
      '[ test_tsa ]',
      `serial = ${join(dir, 'tsaserial')}`,
      `signer_cert = ${tsa.certPath}`,
      `signer_key = ${tsa.keyPath}`,
      `certs = ${ca.certPath}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  const crl = opensslCrl(dir, ca, [{ party: tsa }]);
  const ocspRequest = openssl(['ocsp', '-issuer', ca.certPath, '-cert', tsa.certPath, '-no_nonce', '-reqout', '-']);
  const ocsp = opensslOcspRespond(dir, ocspRequest, ca, ca, [{ party: tsa }]);
  const stamp = (digest: Uint8Array): Uint8Array => {
    const query = join(dir, 'query.tsq');
    const token = join(dir, 'token.der');
    openssl(['ts', '-query', '-digest', Buffer.from(digest).toString('hex'), '-sha256', '-cert', '-out', query]);
    openssl(['ts', '-reply', '-config', config, '-queryfile', query, '-chain', ca.certPath, '-token_out', '-out', token]);
    return new Uint8Array(readFileSync(token));
  };
  return { ca, tsa, crl, ocsp, stamp };
}

/** The bytes `[0 b c d]` covers, as a signature's or time-stamp's verifier hashes them. */
export function byteRangeContent(path: string, byteRange: readonly [number, number, number, number]): Buffer {
  const file = readFileSync(path);
  const [a, b, c, d] = byteRange;
  return Buffer.concat([file.subarray(a, a + b), file.subarray(c, c + d)]);
}

/** The newest /ByteRange and the DER in the /Contents beside it (without its zero padding). */
export function lastSignature(path: string): { byteRange: [number, number, number, number]; contents: Buffer } {
  const file = readFileSync(path).toString('latin1');
  const at = file.lastIndexOf('/ByteRange');
  const numbers = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(file.slice(at))?.slice(1).map(Number);
  const byteRange = numbers as [number, number, number, number];
  const hex = file.slice(byteRange[1] + 1, byteRange[2] - 1);
  const der = Buffer.from(hex, 'hex');
  const header = readDerHeader(der, 0);
  return { byteRange, contents: header === undefined ? der : der.subarray(0, header.start + header.length) };
}

/** Writes `cms` into the newest signature's /Contents, zero-padded to its room; nothing else moves. */
export function writeContents(path: string, cms: Uint8Array): void {
  const { byteRange } = lastSignature(path);
  const file = readFileSync(path);
  const room = byteRange[2] - byteRange[1] - 2;
  const hex = Buffer.from(cms).toString('hex');
  if (hex.length > room) throw new Error(`the CMS (${hex.length} hex digits) does not fit the placeholder (${room})`);
  file.write(hex.padEnd(room, '0'), byteRange[1] + 1, 'latin1');
  writeFileSync(path, file);
}

/** The SHA-1 of a signature's /Contents, upper-case hex: the key of its VRI entry (ISO 32000-2 §12.8.4.4). */
export function vriKey(contents: Uint8Array): string {
  return createHash('sha1').update(contents).digest('hex').toUpperCase();
}

export interface DssContent {
  certificates: readonly Uint8Array[];
  crls: readonly Uint8Array[];
  ocsps: readonly Uint8Array[];
}

/** Object numbers past every /Size of the test files, so each update's new objects do not collide. */
let nextNumber = 900;
const take = (): number => nextNumber++;

const derStream = (der: Uint8Array): string => `<< /Length ${der.length} >>\nstream\n${Buffer.from(der).toString('latin1')}\nendstream`;
const refs = (nums: readonly number[]): string => `[${nums.map((n) => `${n} 0 R`).join(' ')}]`;

/**
 * Appends a DSS for the newest signature, as an LTV tool does: its certificates, CRLs and OCSP responses
 * as streams and a VRI entry under the signature's key. A DSS already there is updated in place (the
 * same DSS and VRI objects, with the new entries added), otherwise a new one is linked from the catalog.
 * `extra` objects go into the same update (what an attacker hides beside the validation data).
 */
export function appendDss(path: string, content: DssContent, extra: Record<number, string> = {}): void {
  const streams = (list: readonly Uint8Array[]): { nums: number[]; objects: Record<number, string> } => {
    const nums = list.map(() => take());
    return { nums, objects: Object.fromEntries(nums.map((n, i) => [n, derStream(list[i] as Uint8Array)])) };
  };
  const certs = streams(content.certificates);
  const crls = streams(content.crls);
  const ocsps = streams(content.ocsps);
  const entry = take();
  const key = vriKey(lastSignature(path).contents);
  const objects: Record<number, string> = {
    ...certs.objects,
    ...crls.objects,
    ...ocsps.objects,
    [entry]: `<< /Type /VRI /Cert ${refs(certs.nums)} /CRL ${refs(crls.nums)} /OCSP ${refs(ocsps.nums)} /TU (D:20260101000000Z) >>`,
    ...extra,
  };
  const existing = dssOf(path);
  if (existing === null) {
    const dss = take();
    const vri = take();
    objects[vri] = `<< /${key} ${entry} 0 R >>`;
    objects[dss] = `<< /Type /DSS /Certs ${refs(certs.nums)} /CRLs ${refs(crls.nums)} /OCSPs ${refs(ocsps.nums)} /VRI ${vri} 0 R >>`;
    const catalog = catalogNum(path);
    objects[catalog] = currentObject(path, catalog).replace(/>>$/, `/DSS ${dss} 0 R >>`);
  } else {
    const grow = (key: string, nums: number[]) => (text: string) =>
      text.replace(new RegExp(`/${key} \\[`), `/${key} [${refs(nums).slice(1, -1)} `);
    objects[existing.dss] = [grow('Certs', certs.nums), grow('CRLs', crls.nums), grow('OCSPs', ocsps.nums)].reduce(
      (text, add) => add(text),
      currentObject(path, existing.dss),
    );
    objects[existing.vri] = currentObject(path, existing.vri).replace(/>>$/, `/${key} ${entry} 0 R >>`);
  }
  appendUpdate(path, { objects });
}

/**
 * Appends a document time-stamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): an invisible signature
 * field on page 1 whose /Contents is a time-stamp token over the bytes its /ByteRange covers.
 * `alsoOnPage`: an annotation the same update adds to page 1 (what an attacker slips in beside it).
 */
export function appendDocumentTimestamp(path: string, tsa: TestTsa, { alsoOnPage }: { alsoOnPage?: string } = {}): void {
  const field = take();
  const signature = take();
  const page = firstPageNum(path);
  const name = `DocTimeStamp${field}`;
  const objects: Record<number, string> = {
    [field]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${name}) /V ${signature} 0 R /F 132 /Rect [0 0 0 0] /P ${page} 0 R >>`,
    [signature]: `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 ${PLACEHOLDER} ${PLACEHOLDER} ${PLACEHOLDER}] /Contents <${'0'.repeat(CONTENTS_HEX)}> >>`,
    [page]: withAnnotation(currentObject(path, page), field),
  };
  if (alsoOnPage !== undefined) {
    const annotation = take();
    objects[annotation] = alsoOnPage;
    objects[page] = withAnnotation(objects[page] as string, annotation);
  }
  Object.assign(objects, withFieldInForm(path, field));
  appendUpdate(path, { objects });
  fillTimestamp(path, tsa);
}

const PLACEHOLDER = '0'.repeat(10);
const CONTENTS_HEX = 16_384;

/** Writes the /ByteRange and the token into the placeholders the newest update left; no offset moves. */
function fillTimestamp(path: string, tsa: TestTsa): void {
  const file = readFileSync(path);
  const text = file.toString('latin1');
  const rangeAt = text.lastIndexOf('/ByteRange');
  const contentsStart = text.indexOf('/Contents <', rangeAt) + '/Contents '.length;
  const contentsEnd = contentsStart + CONTENTS_HEX + 2;
  const range = `[0 ${contentsStart} ${contentsEnd} ${file.length - contentsEnd}]`;
  const placeholder = `[0 ${PLACEHOLDER} ${PLACEHOLDER} ${PLACEHOLDER}]`;
  file.write(range.padEnd(placeholder.length, ' '), rangeAt + '/ByteRange '.length, 'latin1');
  const digest = createHash('sha256').update(file.subarray(0, contentsStart)).update(file.subarray(contentsEnd)).digest();
  const token = Buffer.from(tsa.stamp(digest)).toString('hex');
  file.write(token, contentsStart + 1, 'latin1');
  writeFileSync(path, file);
}

function withAnnotation(page: string, annotation: number): string {
  return page.includes('/Annots [')
    ? page.replace('/Annots [', `/Annots [${annotation} 0 R `)
    : page.replace(/>>$/, `/Annots [${annotation} 0 R] >>`);
}

/** The new field listed in the form: the AcroForm object when it is one, otherwise the catalog holding it inline. */
function withFieldInForm(path: string, field: number): Record<number, string> {
  const document = PdfDocument.open(path);
  try {
    const form = document.catalog.get('AcroForm');
    const addField = (text: string): string => text.replace(/\/Fields \[([^\]]*)\]/, `/Fields [$1 ${field} 0 R]`);
    if (form instanceof PdfRef) return { [form.num]: addField(formatValue(document.resolve(form) ?? null)) };
    return { [document.catalogRef.num]: addField(formatValue(document.catalog)) };
  } finally {
    document.close();
  }
}

function dssOf(path: string): { dss: number; vri: number } | null {
  const document = PdfDocument.open(path);
  try {
    const dss = document.catalog.get('DSS');
    if (!(dss instanceof PdfRef)) return null;
    const vri = (document.resolve(dss) as { get(key: string): unknown } | null)?.get('VRI');
    return vri instanceof PdfRef ? { dss: dss.num, vri: vri.num } : null;
  } finally {
    document.close();
  }
}

function catalogNum(path: string): number {
  const document = PdfDocument.open(path);
  try {
    return document.catalogRef.num;
  } finally {
    document.close();
  }
}

function firstPageNum(path: string): number {
  const document = PdfDocument.open(path);
  try {
    const pages = document.resolve(document.catalog.get('Pages')) as { get(key: string): unknown } | null;
    const kids = pages?.get('Kids');
    const first = Array.isArray(kids) ? kids[0] : undefined;
    if (!(first instanceof PdfRef)) throw new Error(`${path}: no first page`);
    return first.num;
  } finally {
    document.close();
  }
}
