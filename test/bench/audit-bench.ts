// npm run bench (fourth part): the audit ledger over five years, ≈ 50,000 synthetic records (issue 28):
// closing the years into sealed archives, reading and searching the whole ledger across them, 首页's
// documents waiting for a seal, and `sealdesk audit verify` as users run it (the shipped CLI, vault
// unlocked from SEALDESK_PASSPHRASE).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateAuthority, softwareSigner } from '../../center/authority.ts';
import { awaitingSeal, Ledger } from '../../electron/services/audit/index.ts';
import { chainHash } from '../../electron/services/audit/chain.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';
import { sha256Hex } from '../../electron/services/pki/index.ts';
import { JsonFileSettingsStore } from '../../electron/services/settings/index.ts';
import type { CenterEnrolment } from '../../shared/model/center-link.ts';
import { filterAuditEntries, type AuditRecord } from '../../shared/model/audit.ts';
import { sealRecord } from '../support/audit.ts';
import { row, timed } from './measure.ts';

const YEARS = 5;
const PER_YEAR = 10_000;
const PASSPHRASE = 'audit bench passphrase';
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-audit-bench-'));

/** Wall and CPU time: the bench machine is often shared, and the CPU time says what the work itself costs. */
function timedMs<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}
const both = (t: { ms: number; cpuMs: number }): string => `${t.ms.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)})`;

/** Spread over the year from 8 o'clock on 1 January; every third use is of the contract seal. */
function synthetic(year: number, index: number): AuditRecord {
  const yearMs = new Date(year + 1, 0, 1).getTime() - new Date(year, 0, 1, 8).getTime();
  const time = new Date(new Date(year, 0, 1, 8).getTime() + Math.floor((index * yearMs) / PER_YEAR));
  return sealRecord(time, index % 3 === 0 ? '合同专用章' : '电子印章', `${year}年第${index}号文件.pdf`, {
    kind: index % 2 === 0 ? 'approve' : 'seal',
    operator: index % 5 === 0 ? '王五' : '张三',
    purpose: '对外发文',
    output: null,
  });
}

/**
 * This year's records up to `now`, at the same pace: each approval (签发) of a document then the seal of
 * what it made, but every tenth approved document left unsealed, which 首页 then lists while recent.
 */
function thisYear(now: Date): AuditRecord[] {
  const start = new Date(now.getFullYear(), 0, 1, 8).getTime();
  const count = Math.floor(((now.getTime() - start) / (365 * 86_400_000)) * PER_YEAR) & ~1;
  return Array.from({ length: count }, (_, index) => {
    const time = new Date(start + Math.floor((index * (now.getTime() - start)) / count));
    const name = `${now.getFullYear()}年第${index >> 1}号文件`;
    if (index % 2 === 0)
      return sealRecord(time, '电子印章', `${name}.pdf`, { kind: 'approve', subject: null, output: `/srv/${name}-已签发.pdf` });
    return sealRecord(time, '电子印章', `${(index >> 1) % 10 === 0 ? '另一份' : name}-已签发.pdf`);
  });
}

/**
 * Written in one go after the line `previous` rather than appended with an fsync each: the chain and the
 * encryption are the ledger's own.
 */
function writeSynthetic(ledger: Ledger, records: Iterable<AuditRecord>, previous = ''): void {
  mkdirSync(ledger.dir, { recursive: true });
  const lines: string[] = [];
  let hash = previous;
  for (const record of records) {
    const sealed = ledger.key.encrypt(Buffer.from(JSON.stringify(record), 'utf8'), hash).toString('base64');
    const next = chainHash(hash, sealed);
    lines.push(JSON.stringify({ previous: hash, sealed, hash: next }));
    hash = next;
  }
  writeFileSync(join(ledger.dir, 'ledger.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(ledger.dir, 'head.json'), `${JSON.stringify({ count: lines.length, hash })}\n`);
}

function* closedYears(first: number): Generator<AuditRecord> {
  for (let year = first; year < first + YEARS; year++) for (let index = 0; index < PER_YEAR; index++) yield synthetic(year, index);
}

function benchEnrolment(unitCertificate: string): CenterEnrolment {
  const none = { signingCertificate: '', encryptionCertificate: '', caCertificates: [] };
  return {
    url: 'https://center.invalid/',
    unitId: 'bench',
    unitName: '示例单位',
    unitCertificate,
    ...none,
    enrolledAt: new Date().toISOString(),
  };
}

try {
  execFileSync(process.execPath, [join(root, 'build', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' });
  const home = join(dir, 'home');
  const signer = softwareSigner((await loadOrCreateAuthority(join(dir, 'center'))).signing);
  // Enrolled with the certificate that seals the archives, so that they are the unit's (the CLI reads this too).
  const settings = new JsonFileSettingsStore(join(home, 'settings.json'));
  settings.write({ ...settings.read(), centerEnrolment: benchEnrolment(sha256Hex(signer.certificate)) });
  const ledger = Ledger.in(home, settings);
  const vault = new Vault(join(home, 'vault'), passphraseWrapper(PASSPHRASE));
  const now = new Date();
  const first = now.getFullYear() - YEARS;

  writeSynthetic(ledger, closedYears(first));

  const started = performance.now();
  const cpu = process.cpuUsage();
  const moved = await ledger.closeYears(vault, signer, now);
  const used = process.cpuUsage(cpu);
  const archive = { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };

  const list = timedMs(() => ledger.read(vault));
  const again = timedMs(() => ledger.read(vault));
  if (!list.value.chain.intact || list.value.entries.length !== YEARS * PER_YEAR)
    throw new Error('the bench ledger does not read back whole');
  const search = timedMs(() => filterAuditEntries(list.value.entries, { search: `${first + 2}年第4242号` }));
  const quarter = timedMs(() =>
    filterAuditEntries(list.value.entries, { from: `${first + 3}-04-01`, to: `${first + 3}-06-30`, kind: 'seal' }),
  );
  // 首页 as it was (the whole ledger read for the approved-not-sealed item, then one pass over it) and as it
  // is (audit.awaitingSeal: this month read from the newest record back), with this year's records live.
  const archivedHead = JSON.parse(readFileSync(join(ledger.dir, 'head.json'), 'utf8')) as { hash: string };
  const recent = thisYear(now);
  writeSynthetic(ledger, recent, archivedHead.hash);
  const wholeLedger = timedMs(() => awaitingSeal(ledger.read(vault).entries.toReversed(), now));
  const lastDays = timedMs(() => awaitingSeal(ledger.newestFirst(vault), now));
  if (JSON.stringify(wholeLedger.value) !== JSON.stringify(lastDays.value) || lastDays.value.length === 0)
    throw new Error('首页 does not find the same documents waiting for a seal both ways');

  const verify = await timed(process.execPath, [join(root, 'bin', 'sealdesk.mjs'), 'audit', 'verify'], {
    SEALDESK_HOME: home,
    SEALDESK_PASSPHRASE: PASSPHRASE,
  });

  row(['audit ledger', 'time', 'answer']);
  row([`archive ${YEARS} years`, both(archive), `${moved} records, ${list.value.integrity.archives.length} archives`]);
  row(['list (read all)', both(list), `${list.value.entries.length} records`]);
  row(['list again', both(again), `${again.value.entries.length} records`]);
  row(['search, all years', `${search.ms.toFixed(1)} ms`, `${search.value.length} found`]);
  row(["a quarter's seals", `${quarter.ms.toFixed(1)} ms`, `${quarter.value.length} records`]);
  const overview = `${lastDays.value.length} waiting, of ${YEARS * PER_YEAR + recent.length} records`;
  row(['首页 before (read all)', both(wholeLedger), overview]);
  row(['首页 awaitingSeal', both(lastDays), overview]);
  row(['audit verify (CLI)', `${(verify.seconds * 1000).toFixed(0)} ms`, `${verify.peakMb.toFixed(0)} MB peak`]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
