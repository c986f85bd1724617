import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfsig } from './pdf.ts';

const run = (command: string, args: readonly string[]): void => void execFileSync(command, args, { stdio: 'ignore' });

/** A page with two empty signature fields (objects 2 and 3 after pikepdf renumbers them). */
const TWO_FIELDS = `
import sys, pikepdf
from pikepdf import Array, Dictionary, Name
pdf = pikepdf.Pdf.new()
pdf.add_blank_page(page_size=(595, 842))
page = pdf.pages[0].obj
fields = [pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Sig, T=f"Sig{i}", F=4, P=page,
                                       Rect=Array([50 + 200 * i, 50, 200 + 200 * i, 100]))) for i in range(2)]
page.Annots = Array(fields)
pdf.Root.AcroForm = Dictionary(Fields=Array(fields), SigFlags=3)
pdf.save(sys.argv[1], object_stream_mode=pikepdf.ObjectStreamMode.disable)
`;

/**
 * Whether this machine's pdfsig (NSS) reports "Unknown issue with Certificate" for the second of two
 * signatures by one certificate in a file SealDesk did not make: openssl makes a CA and a signer,
 * mutool signs two fields with it, and pdfsig trusts the CA. Where it does, a repeated signer's
 * "Unknown issue" is NSS's, not the file's; where a fixed NSS does not, no exception is needed.
 */
export function pdfsigRefusesRepeatedSigner(dir: string): boolean {
  const at = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=NSS probe CA',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run('openssl', ['req', '-new', ...ec, '-keyout', at('signer.key'), '-out', at('signer.csr'), '-subj', '/CN=NSS probe signer']);
  writeFileSync(at('signer.ext'), 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:false\n');
  run('openssl', [
    'x509',
    '-req',
    '-in',
    at('signer.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('signer.ext'),
    '-out',
    at('signer.pem'),
  ]);
  run('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    at('signer.key'),
    '-in',
    at('signer.pem'),
    '-out',
    at('signer.p12'),
    '-passout',
    'pass:probe',
  ]);
  // The system Python, where python3-pikepdf is installed (a python3 earlier on PATH may lack it).
  run('/usr/bin/python3', ['-c', TWO_FIELDS, at('fields.pdf')]);
  run('mutool', ['sign', '-s', at('signer.p12'), '-P', 'probe', '-o', at('once.pdf'), at('fields.pdf'), '2']);
  run('mutool', ['sign', '-s', at('signer.p12'), '-P', 'probe', '-o', at('twice.pdf'), at('once.pdf'), '3']);
  const verdicts = pdfsig(at('twice.pdf'), at('ca.pem')).certificates;
  if (verdicts[0] !== 'Certificate is Trusted.') throw new Error(`pdfsig on mutool's file: ${verdicts.join(' / ')}`);
  return /Unknown issue/.test(verdicts[1] ?? '');
}
