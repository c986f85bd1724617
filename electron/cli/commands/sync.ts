import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../shared/errors.ts';
import { translate } from '../../../shared/i18n/index.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { blockList, type JsonFileSettingsStore } from '../../services/settings/index.ts';
import { CertificateRequests } from '../../services/certs/index.ts';
import { FormCatalog } from '../../services/forms/index.ts';
import type { Change } from '../../../shared/center/index.ts';
import {
  centerTrustRoots,
  centerUrl,
  enrol,
  fileParts,
  folderParts,
  Outbox,
  PDF_PART_NAMES,
  requireEnrolment,
  saveEnrolment,
  SyncService,
  unitCertificateSelector,
  type PartSource,
  type NewOutboxItem,
  type SyncReport,
} from '../../services/sync/index.ts';
import { periodTitle, type ReportPeriod } from '../../../shared/model/audit-report.ts';
import { USAGE_REPORT_TITLE } from '../../services/print/usage-report-pdf.ts';
import type { Signer, TokenService } from '../../services/token/index.ts';
import { Ledger } from '../../services/audit/index.ts';
import { cliAuditTrail, cliDesk } from '../desk.ts';
import { sha256Hex } from '../../services/pki/index.ts';
import { Vault } from '../../services/vault/index.ts';
import { cliSettings, pickToken, withTokens, type CommonOptions } from '../context.ts';
import { printJson } from '../output.ts';
import { readPin } from '../pin.ts';
import { vaultPassphrase } from './sync-start.ts';

const IDLE_POLL_MS = 30_000;

export async function openOutbox(locale: Locale, dataDir: string): Promise<{ vault: Vault; outbox: Outbox }> {
  return outboxIn(await Vault.open(join(dataDir, 'vault'), await vaultPassphrase(locale)));
}

function outboxIn(vault: Vault): { vault: Vault; outbox: Outbox } {
  return { vault, outbox: new Outbox(vault) };
}

/**
 * Logs in to the token and hands over the unit certificate's signer: for enrolment, or for the channel
 * to the center (which a reported leak does not close, so the report gets through).
 */
export async function withUnitSigner<T>(
  locale: Locale,
  options: CommonOptions & { cert?: string | undefined },
  use: 'enrolment' | 'channel',
  work: (signer: Signer, tokens: TokenService, serial: string) => Promise<T>,
): Promise<T> {
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    await tokens.login(token.serial, await readPin(`${translate(locale, 'login.pin')}: `));
    const selector = await unitCertificateSelector(tokens, token.serial, options.cert);
    const signer = use === 'channel' ? tokens.channelSignerFor(token.serial, selector) : tokens.signerFor(token.serial, selector);
    return work(await signer, tokens, token.serial);
  });
}

/** `sealdesk enrol`: the one-time code from --code or SEALDESK_ENROLMENT_CODE. */
export async function enrolCommand(
  locale: Locale,
  options: CommonOptions & { cert?: string | undefined; code?: string | undefined },
): Promise<number> {
  const { store, dataDir } = cliSettings();
  const settings = store.read();
  const code = options.code ?? process.env['SEALDESK_ENROLMENT_CODE'];
  if (!code) throw new AppError('ENROLMENT_CODE_INVALID');
  const enrolment = await withUnitSigner(locale, options, 'enrolment', async (signer, tokens, serial) => {
    const enrolled = await enrol({ url: centerUrl(settings), code, signer, trustedRoots: centerTrustRoots(settings, dataDir) });
    await cliAuditTrail(tokens).record({ kind: 'enrol', serial, subject: sha256Hex(signer.certificate), purpose: enrolled.url });
    return enrolled;
  });
  saveEnrolment(store, enrolment);
  process.stdout.write(`${translate(locale, 'sync.enrolled', { unit: enrolment.unitName, url: enrolment.url })}\n`);
  return 0;
}

type Described = Pick<OutboxItem, 'kind' | 'title'> & { primary: string; period?: ReportPeriod };

function describeSubmission(path: string, report: ReportPeriod | null): Described {
  if (report !== null)
    return { kind: 'usage-report', title: `${USAGE_REPORT_TITLE}（${periodTitle(report)}）`, primary: path, period: report };
  if (statSync(path).isDirectory()) {
    const primary = join(path, 'application.json');
    if (!existsSync(primary)) throw new AppError('FILE_NOT_FOUND', { path: primary });
    const parsed = JSON.parse(readFileSync(primary, 'utf8')) as { form?: { title?: string } };
    return { kind: 'application', title: parsed.form?.title ?? basename(path), primary };
  }
  return { kind: 'document', title: basename(path), primary: path };
}

/**
 * `sealdesk submit PATH [--report --from DATE --to DATE]`: a signed package folder or a sealed PDF, or a
 * sealed usage report for that period, encrypted into the outbox at once.
 */
export async function submitCommand(locale: Locale, options: { path: string; report: ReportPeriod | null }): Promise<number> {
  const path = resolve(options.path);
  if (!existsSync(path)) throw new AppError('FILE_NOT_FOUND', { path });
  const { store, dataDir } = cliSettings();
  requireEnrolment(store);
  const { kind, title, primary, period } = describeSubmission(path, options.report);
  const id = `sub-${createHash('sha256').update(readFileSync(primary)).digest('hex').slice(0, 24)}`;
  const { vault, outbox } = await openOutbox(locale, dataDir);
  if (outbox.has(id)) {
    process.stdout.write(`${translate(locale, 'sync.alreadyQueued', { id })}\n`);
    return 0;
  }
  const sync = syncService(store, dataDir, vault, outbox, () => Promise.reject(new AppError('TOKEN_NOT_LOGGED_IN')));
  const item = outbox.enqueue({ id, kind, title, source: path, period: period ?? null });
  await sync.seal(item, partsOf(item));
  process.stdout.write(`${translate(locale, 'sync.queued', { id, title })}\n`);
  return 0;
}

function partsOf(item: OutboxItem): PartSource[] {
  return item.kind === 'document' || item.kind === 'usage-report'
    ? fileParts(item.source, PDF_PART_NAMES[item.kind])
    : folderParts(item.source);
}

function syncService(
  store: JsonFileSettingsStore,
  dataDir: string,
  vault: Vault,
  outbox: Outbox,
  unitSigner: () => Promise<Signer>,
  answers: [string, Change][] = [],
): SyncService {
  return new SyncService({
    outbox,
    vault,
    spoolDir: join(dataDir, 'spool'),
    enrolment: () => store.read().centerEnrolment,
    unitSigner,
    partsOf: (item) => Promise.resolve(partsOf(item)),
    onStatus: (item, change) => void (item.kind === 'certificate-request' && answers.push([item.id, change])),
    catalog: FormCatalog.in(dataDir),
    ledger: Ledger.in(dataDir, store),
  });
}

/** A signed folder another command queues for the center (a custody record): encrypted into the outbox at once, sent by the next sync. */
export function cliQueue(context: {
  store: JsonFileSettingsStore;
  dataDir: string;
  vault: Vault;
  outbox: Outbox;
}): (item: NewOutboxItem) => Promise<void> {
  const { store, dataDir, vault, outbox } = context;
  const sync = syncService(store, dataDir, vault, outbox, () => Promise.reject(new AppError('TOKEN_NOT_LOGGED_IN')));
  return async (item) => {
    await sync.seal(outbox.enqueue(item), folderParts(item.source));
  };
}

/** 更新/撤销 from the command line: the same requests the 证书 page makes, queued in the same outbox. */
export function cliCertificateRequests(
  tokens: TokenService,
  context: { store: JsonFileSettingsStore; dataDir: string; vault: Vault; outbox: Outbox },
): CertificateRequests {
  const { store, dataDir, vault, outbox } = context;
  const desk = cliDesk(tokens, {});
  const sync = syncService(store, dataDir, vault, outbox, () => Promise.reject(new AppError('TOKEN_NOT_LOGGED_IN')));
  return new CertificateRequests({
    tokens: () => tokens,
    dir: join(dataDir, 'certificate-requests'),
    queue: async (item) => {
      requireEnrolment(store);
      await sync.seal(outbox.enqueue(item), folderParts(item.source));
    },
    roots: () => desk.policy().trustedRoots,
    blocks: blockList(store),
    renewed: (replaced, installed) => desk.impressions.carryOver(replaced, installed.fingerprintSha256),
    withdraw: (id) => sync.remove(id),
    audit: desk.options.audit,
  });
}

function printReport(locale: Locale, report: SyncReport): void {
  for (const id of report.sent) process.stdout.write(`${translate(locale, 'sync.sent', { id })}\n`);
  for (const { id, code } of report.failed) process.stderr.write(`${id}: ${code}\n`);
  for (const notice of report.newNotices) process.stdout.write(`${translate(locale, 'sync.announcement', { title: notice.title })}\n`);
  for (const change of report.changes) {
    const status = translate(locale, `sync.status.${change.status}`);
    process.stdout.write(`${change.submissionId}\t${status}${change.reason ? `\t${change.reason}` : ''}\n`);
  }
}

/** `sealdesk sync [--once]` once the vault is opening (sync-start.ts): one pass, or keep going with the outbox's backoff until interrupted. */
export async function syncPasses(
  locale: Locale,
  options: CommonOptions & { once: boolean },
  started: { store: JsonFileSettingsStore; dataDir: string; enrolment: CenterEnrolment; opening: Promise<Vault> },
): Promise<number> {
  const { store, dataDir, enrolment, opening } = started;
  return withUnitSigner(locale, { ...options, cert: enrolment.unitCertificate }, 'channel', async (signer, tokens) => {
    const { vault, outbox } = outboxIn(await opening);
    const desk = cliDesk(tokens, options);
    const answers: [string, Change][] = [];
    const sync = syncService(store, dataDir, vault, outbox, () => Promise.resolve(signer), answers);
    const requests = cliCertificateRequests(tokens, { store, dataDir, vault, outbox });
    const stop = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
    // The first pass ignores the backoff that the stopped run left: a restarted sync resumes at once.
    for (let first = true; ; first = false) {
      answers.length = 0;
      const report = await sync.syncOnce(options.once || first);
      if (report.reference !== null) await desk.adoptCenterReference(report.reference);
      for (const [id, change] of answers) await requests.answered(id, change);
      printReport(locale, report);
      if (options.once) return report.failed.length === 0 ? 0 : 1;
      const wait = await sleep(IDLE_POLL_MS, true, { signal: stop.signal }).catch(() => false);
      if (!wait) return 0;
    }
  });
}

/** `sealdesk outbox [--json]`: each item's id, state and center status. */
/** `sealdesk outbox retry|remove ID`: 重试 or 删除 an item the center has not taken. */
export async function outboxActionCommand(locale: Locale, options: { id: string; action: 'retry' | 'remove' }): Promise<number> {
  const { store, dataDir } = cliSettings();
  const { vault, outbox } = await openOutbox(locale, dataDir);
  if (options.action === 'retry') outbox.retry(options.id);
  else syncService(store, dataDir, vault, outbox, () => Promise.reject(new AppError('TOKEN_NOT_LOGGED_IN'))).remove(options.id);
  process.stdout.write(`${translate(locale, options.action === 'retry' ? 'sync.retried' : 'sync.removed', { id: options.id })}\n`);
  return 0;
}

export async function outboxCommand(locale: Locale, options: { json: boolean }): Promise<number> {
  const { dataDir } = cliSettings();
  const { outbox } = await openOutbox(locale, dataDir);
  const items = outbox.list();
  if (options.json) {
    printJson(
      items.map(({ id, kind, title, period, state, attempts, lastError, center, queuedAt, sentAt }) => ({
        id,
        kind,
        title,
        period,
        state,
        attempts,
        lastError,
        center,
        queuedAt,
        sentAt,
      })),
    );
    return 0;
  }
  for (const item of items) {
    const center = item.center === null ? '-' : translate(locale, `sync.status.${item.center.status}`);
    process.stdout.write(`${item.id}\t${translate(locale, `sync.state.${item.state}`)}\t${center}\t${item.title}\n`);
  }
  return 0;
}
