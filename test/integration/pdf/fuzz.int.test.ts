import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors.ts';
import { verifyDocument } from '../../../electron/services/seal/index.ts';
import { tempDir } from '../../support/temp.ts';
import { withObjectStreams, writeTestPdf } from '../../support/pdf.ts';
import { makeProducerCorpus } from '../../support/producers.ts';
import { PDF_CORPUS } from '../../support/real-world.ts';

const dir = tempDir('fuzz');

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function mutate(bytes: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const kind = Math.floor(next() * 6);
  if (kind === 0) return copy.subarray(0, Math.floor(next() * copy.length));
  if (kind === 4) return rewriteNumbers(copy, /\/Length \d+/g, (n) => `/Length ${n * 1e9 + Math.floor(next() * 1e6)}`);
  if (kind === 5)
    return rewriteNumbers(copy, /startxref\s+\d+/g, (n) => `startxref\n${Math.max(0, n + Math.floor((next() - 0.5) * 4000))}`);
  const count = 1 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(next() * copy.length);
    if (kind === 1) copy[at] = Math.floor(next() * 256);
    else if (kind === 2) copy[at] = '0123456789 <>[]/()RobjXref'.charCodeAt(Math.floor(next() * 26));
    else copy.fill(0x20, at, Math.min(copy.length, at + 16));
  }
  return copy;
}

/** What writers get wrong in structure rather than in bytes: lengths past the end, a startxref that points elsewhere. */
function rewriteNumbers(bytes: Buffer, pattern: RegExp, replace: (n: number) => string): Buffer {
  const text = bytes.toString('latin1');
  return Buffer.from(
    text.replace(pattern, (match) => replace(Number(/\d+/.exec(match)?.[0]))),
    'latin1',
  );
}

/** Long enough for a loaded CI machine; a reader that loops or scans without end takes far longer. */
const HANG_MS = 10_000;

async function outcomeOf(path: string, label: string): Promise<'reported' | 'typed'> {
  const started = performance.now();
  try {
    await verifyDocument(path, { trustedRoots: [], approvers: [] });
    return 'reported';
  } catch (error) {
    assert.ok(error instanceof AppError, `${label}: ${String(error)}`);
    return 'typed';
  } finally {
    const took = performance.now() - started;
    assert.ok(took < HANG_MS, `${label}: ${Math.round(took)} ms`);
  }
}

test('300 mutated PDFs: verification either reports or fails with a typed error, never crashes', async () => {
  const classic = join(dir, 'classic.pdf');
  const streams = join(dir, 'streams.pdf');
  writeTestPdf(classic, 3);
  withObjectStreams(classic, streams);
  const sources = [readFileSync(classic), readFileSync(streams)];
  const outcomes = { reported: 0, typed: 0 };
  for (let seed = 1; seed <= 300; seed++) {
    const next = random(seed);
    const path = join(dir, `m${seed}.pdf`);
    writeFileSync(path, mutate(sources[seed % 2] ?? Buffer.alloc(0), next));
    outcomes[await outcomeOf(path, `seed ${seed}`)]++;
  }
  assert.equal(outcomes.reported + outcomes.typed, 300);
});

/** Small files from seven producers: LibreOffice (text and form), pdflatex, Google Docs, PyMuPDF, pdfkit, annotations. */
const CORPUS_SOURCES = [
  '002-trivial-libre-office-writer_002-trivial-libre-office-writer.pdf',
  '004-pdflatex-4-pages_pdflatex-4-pages.pdf',
  '011-google-doc-document_google-doc-document.pdf',
  '012-libreoffice-form_libreoffice-form.pdf',
  '020-xmp_output_with_metadata_pymupdf.pdf',
  '022-pdfkit_pdfkit.pdf',
  '024-annotations_annotated_pdf.pdf',
];

test('210 mutations of real-world corpus files: a report or a typed error, never a crash or a hang', async () => {
  const sources = CORPUS_SOURCES.map((name) => readFileSync(join(PDF_CORPUS, name)));
  let survived = 0;
  for (let seed = 1; seed <= 210; seed++) {
    const next = random(seed * 7919);
    const source = sources[seed % sources.length] ?? Buffer.alloc(0);
    const path = join(dir, `c${seed}.pdf`);
    writeFileSync(path, mutate(source, next));
    if ((await outcomeOf(path, `corpus seed ${seed} (${CORPUS_SOURCES[seed % sources.length]})`)) === 'reported') survived++;
  }
  // Most single mutations leave a file that other readers still open; so must this one.
  assert.ok(survived > 100, `${survived} of 210 still verified`);
});

test('150 mutations of files the apt tools write (Chromium, Ghostscript, pikepdf; linearised, object streams): a report or a typed error', async () => {
  const made = await makeProducerCorpus(join(dir, 'made'), [3, 30], ['chromium', 'ghostscript', 'pikepdf']);
  const path = (producer: string, pages: number): string =>
    made.find((document) => document.producer === producer && document.pages === pages)?.path ?? '';
  const linearized = join(dir, 'made', 'linearized.pdf');
  const streams = join(dir, 'made', 'object-streams.pdf');
  execFileSync('qpdf', ['--linearize', path('chromium', 3), linearized]);
  withObjectStreams(path('ghostscript', 30), streams);
  const sources = [path('chromium', 3), path('ghostscript', 3), path('pikepdf', 30), linearized, streams];
  let survived = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const next = random(seed * 104729);
    const source = sources[seed % sources.length] ?? '';
    const mutated = join(dir, `t${seed}.pdf`);
    writeFileSync(mutated, mutate(readFileSync(source), next));
    if ((await outcomeOf(mutated, `tool seed ${seed} (${basename(source)})`)) === 'reported') survived++;
  }
  assert.ok(survived > 60, `${survived} of 150 still verified`);
});
