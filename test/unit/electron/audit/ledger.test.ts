import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ledger } from '../../../../electron/services/audit/index.ts';
import { passphraseWrapper, Vault } from '../../../../electron/services/vault/index.ts';
import type { AuditRecord } from '../../../../shared/model/audit.ts';
import { tempDir } from '../../../support/temp.ts';

const wrapper = passphraseWrapper('ledger test passphrase');

function record(i: number): AuditRecord {
  return {
    time: new Date(Date.UTC(2026, 0, 1 + i, 8)).toISOString(),
    kind: 'seal',
    method: 'cli',
    token: { serial: '1234', label: '单位 USBKey' },
    operator: '张三',
    subject: { kind: 'seal', name: '示例单位电子印章', label: '电子印章', fingerprintSha256: 'ab'.repeat(32) },
    approver: '李四',
    document: { name: `通知-${i}.pdf`, sha256: 'cd'.repeat(32) },
    purpose: '对外发文',
    output: `/tmp/通知-${i}-已盖章.pdf`,
    crossPage: false,
    final: false,
  };
}

/** A ledger of `count` records, written before any vault existed (as a CLI seal on a fresh machine would). */
function ledgerOf(count: number): { ledger: Ledger; vault: () => Vault; file: string; lines: () => string[] } {
  const dir = tempDir('ledger');
  const ledger = new Ledger(join(dir, 'audit'));
  for (let i = 0; i < count; i++) ledger.append(record(i));
  const file = join(dir, 'audit', 'ledger.jsonl');
  return {
    ledger,
    vault: () => new Vault(join(dir, 'vault'), wrapper),
    file,
    lines: () => readFileSync(file, 'utf8').trimEnd().split('\n'),
  };
}

function rewrite(file: string, lines: readonly string[]): void {
  writeFileSync(file, `${lines.join('\n')}\n`);
}

test('records are read back whole, encrypted at rest, the key kept in the vault once one opens', () => {
  const { ledger, vault, file } = ledgerOf(3);
  const text = readFileSync(file, 'utf8');
  for (const clear of ['张三', '通知', '电子印章', '对外发文']) assert.ok(!text.includes(clear), `${clear} in the clear`);
  assert.ok(existsSync(join(ledger.dir, 'ledger-key.pending')));
  const read = ledger.read(vault());
  assert.deepEqual(
    read.entries.map((e) => e.record),
    [0, 1, 2].map(record),
  );
  assert.deepEqual(read.chain, { intact: true, records: 3, since: record(0).time, firstBroken: null });
  assert.ok(!existsSync(join(ledger.dir, 'ledger-key.pending')), 'the private key moved into the vault');
  assert.equal(ledger.read(vault()).entries.length, 3);
});

test('an edited record is named, also when its hash was recomputed', () => {
  const edited = ledgerOf(3);
  const lines = edited.lines();
  const line = JSON.parse(lines[1] ?? '') as { sealed: string };
  const flipped = Buffer.from(line.sealed, 'base64');
  flipped[60] = (flipped[60] ?? 0) ^ 1;
  rewrite(edited.file, [lines[0] ?? '', JSON.stringify({ ...line, sealed: flipped.toString('base64') }), lines[2] ?? '']);
  assert.deepEqual(edited.ledger.read(edited.vault()).chain.firstBroken, { line: 2, reason: 'content-changed' });

  // Someone who knows the hash rule and recomputes it (here with another record's ciphertext): the record
  // does not open in its place, and the next one no longer follows.
  const rehashed = ledgerOf(3);
  const [first = '', second = '', third = ''] = rehashed.lines();
  const original = JSON.parse(second) as { previous: string; sealed: string };
  const sealed = JSON.parse(third) as { sealed: string };
  const hash = createHash('sha256').update(original.previous).update('\n').update(sealed.sealed).digest('hex');
  rewrite(rehashed.file, [first, JSON.stringify({ previous: original.previous, sealed: sealed.sealed, hash }), third]);
  assert.deepEqual(rehashed.ledger.read(rehashed.vault()).problems, [
    { line: 2, reason: 'undecryptable' },
    { line: 3, reason: 'link-broken' },
  ]);
});

test('a removed record breaks the link at its place', () => {
  const { ledger, vault, file, lines } = ledgerOf(4);
  const [a = '', , c = '', d = ''] = lines();
  rewrite(file, [a, c, d]);
  const read = ledger.read(vault());
  assert.deepEqual(read.chain.firstBroken, { line: 2, reason: 'link-broken' });
  assert.equal(read.entries.length, 3, 'the records still there are listed');
});

test('two records swapped break the link at the first of them', () => {
  const { ledger, vault, file, lines } = ledgerOf(4);
  const [a = '', b = '', c = '', d = ''] = lines();
  rewrite(file, [a, c, b, d]);
  assert.deepEqual(ledger.read(vault()).chain.firstBroken, { line: 2, reason: 'link-broken' });
});

test('a ledger cut short is told from a short one', () => {
  const { ledger, vault, file, lines } = ledgerOf(4);
  rewrite(file, lines().slice(0, 2));
  assert.deepEqual(ledger.read(vault()).chain.firstBroken, { line: 3, reason: 'records-missing-at-end' });
});

test('a damaged ledger is reported, left as it is, and new records are still written and read', () => {
  const { ledger, vault, file, lines } = ledgerOf(3);
  const [a = '', b = '', c = ''] = lines();
  // Bytes lost in the middle, and a last line torn as by a power cut.
  writeFileSync(file, `${a}\n${b.slice(0, 40)}\n${c}\n{"previous":"`);
  const damaged = readFileSync(file);
  const read = ledger.read(vault());
  assert.deepEqual(read.problems.slice(0, 2), [
    { line: 2, reason: 'unreadable' },
    { line: 4, reason: 'unreadable' },
  ]);
  assert.deepEqual(readFileSync(file), damaged, 'reading rewrote nothing');
  ledger.append(record(9));
  const after = ledger.read(vault());
  assert.equal(after.entries.at(-1)?.record.document?.name, '通知-9.pdf');
  assert.equal(after.entries.at(-1)?.line, 5, 'the torn line stays its own line');
  assert.deepEqual(after.chain.firstBroken, { line: 2, reason: 'unreadable' });
});
