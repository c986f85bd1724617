import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { ReferenceCenter, Rejected, type Decision, type SubmissionRecord, type UnitFilings } from '../../../center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { derFromPem } from '../../services/pki/index.ts';
import { DEFAULT_SEAL_MM } from '../../services/seal/index.ts';
import { defaultDataDir } from '../../services/platform/index.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { printJson } from '../output.ts';
import { readCenterConfig } from '../../../center/config.ts';
import { centerLayout } from '../../../center/layout.ts';

/** --dir, then SEALDESK_CENTER_DIR (exported by `demo init`), then the app's own demo center. */
function centerDir(dir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(dir ?? env['SEALDESK_CENTER_DIR'] ?? join(defaultDataDir(env), 'demo', 'center'));
}

/**
 * The operator's commands act on a center that exists: opening a folder without one would quietly make
 * an empty center there (a SEALDESK_HOME pointing elsewhere than the demo's), and list nothing.
 */
async function withCenter<T>(dir: string | undefined, work: (center: ReferenceCenter) => T | Promise<T>): Promise<T> {
  const folder = centerDir(dir);
  if (!existsSync(centerLayout(folder).database)) throw new AppError('CENTER_DIR_MISSING', { path: folder });
  const center = await ReferenceCenter.open(folder);
  try {
    return await work(center);
  } finally {
    await center.close();
  }
}

/** `sealdesk center serve`: the reference center in the foreground until interrupted. */
export async function centerServeCommand(
  locale: Locale,
  options: { dir?: string | undefined; port?: number | undefined },
): Promise<number> {
  const dir = centerDir(options.dir);
  const center = await ReferenceCenter.open(dir);
  const url = await center.listen(options.port ?? readCenterConfig(dir).port);
  process.stdout.write(`${translate(locale, 'center.serving', { url, dir })}\n`);
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await center.close();
  return 0;
}

export function centerListCommand(locale: Locale, options: { dir?: string | undefined; json: boolean }): Promise<number> {
  return withCenter(options.dir, (center) => {
    const submissions = center.list();
    if (options.json) printJson(submissions);
    else if (submissions.length === 0) process.stdout.write(`${translate(locale, 'center.listEmpty', { dir: centerDir(options.dir) })}\n`);
    else
      for (const s of submissions) {
        const status = translate(locale, `sync.status.${s.status}`);
        process.stdout.write(`${s.id}\t${status}\t${s.unitName}\t${s.title}${s.reason ? `\t${s.reason}` : ''}\n`);
      }
    return 0;
  });
}

/**
 * `center reports [--unit NAME]`: per enrolled unit, the usage reports received, the custody delegations
 * and returns (oldest first), and the last anchor of its ledger the center confirmed.
 */
export function centerReportsCommand(
  locale: Locale,
  options: { dir?: string | undefined; unit?: string | undefined; json: boolean },
): Promise<number> {
  return withCenter(options.dir, (center) => {
    const units = center.filings(options.unit);
    if (options.json) printJson(units);
    else if (units.every((unit) => unit.reports.length === 0 && unit.custody.length === 0 && unit.lastAnchor === null))
      process.stdout.write(`${translate(locale, 'center.reportsEmpty')}\n`);
    else for (const unit of units) process.stdout.write(unitLines(locale, unit).join(''));
    return 0;
  });
}

function unitLines(locale: Locale, { unitName, reports, custody, lastAnchor }: UnitFilings): string[] {
  const submission = (s: SubmissionRecord) =>
    `  ${s.id}\t${formatDateTime(locale, s.receivedAt)}\t${translate(locale, `sync.status.${s.status}`)}\t${s.title}\n`;
  const anchor =
    lastAnchor === null
      ? translate(locale, 'center.unitNotAnchored')
      : translate(locale, 'center.unitAnchored', { time: formatDateTime(locale, lastAnchor.confirmedAt), count: lastAnchor.sequence });
  return [`${unitName}\n`, ...reports.map(submission), ...custody.map(submission), `  ${anchor}\n`];
}

export function centerDecideCommand(
  locale: Locale,
  options: { dir?: string | undefined; id: string; decision: Decision; reason?: string | undefined; unit?: string | undefined },
): Promise<number> {
  return withCenter(options.dir, async (center) => {
    const updated = await center.decide(options.id, options.decision, options.reason ?? null, options.unit).catch((error: unknown) => {
      throw error instanceof Rejected ? new AppError('CENTER_REJECTED', { reason: error.reason }) : error;
    });
    if (updated === null) throw new AppError('CENTER_REJECTED', { reason: 'not-found' });
    process.stdout.write(`${updated.id}\t${translate(locale, `sync.status.${updated.status}`)}\t${updated.unitName}\n`);
    return 0;
  });
}

export function centerNoticeCommand(options: { dir?: string | undefined; title: string; body?: string | undefined }): Promise<number> {
  return withCenter(options.dir, (center) => {
    const notice = center.publishNotice(options.title, options.body ?? '');
    process.stdout.write(`${notice.id}\t${notice.title}\n`);
    return 0;
  });
}

/**
 * `center catalog`: prints the forms and calendar in force as `{forms, calendar}`, the shape an operator
 * edits; `center catalog FILE` publishes such a file (checked first) for units to take on their next sync.
 */
export function centerCatalogCommand(options: { dir?: string | undefined; file?: string | undefined }): Promise<number> {
  const file = options.file;
  if (file !== undefined && !existsSync(file)) throw new AppError('FILE_NOT_FOUND', { path: file });
  return withCenter(options.dir, (center) => {
    if (file === undefined) {
      const { forms, calendar } = center.catalog();
      printJson({ forms, calendar });
      return 0;
    }
    const catalog = center.publishCatalog(parseJsonOrNull(readFileSync(file)));
    process.stdout.write(`${catalog.revision}\t${catalog.forms.length}\n`);
    return 0;
  });
}

/** A certificate file as a CA hands it out, PEM or DER. */
function readCertificateFile(path: string): Uint8Array {
  const raw = readFileSync(path);
  const der = raw.includes('-----BEGIN') ? derFromPem(raw.toString('utf8'))[0] : new Uint8Array(raw);
  if (der === undefined) throw new AppError('CERT_PARSE_FAILED', { detail: path });
  return der;
}

export function centerApproverCommand(options: { dir?: string | undefined; unit: string; certificate: string }): Promise<number> {
  const der = readCertificateFile(options.certificate);
  return withCenter(options.dir, (center) => {
    center.authoriseApprover(options.unit, der);
    return 0;
  });
}

/** Registers a seal's official impression (SVG or PNG) for a unit; `size` is its printed width in mm. */
export function centerImpressionCommand(options: {
  dir?: string | undefined;
  unit: string;
  certificate: string;
  image: string;
  size?: number | undefined;
}): Promise<number> {
  const der = readCertificateFile(options.certificate);
  const format = extname(options.image).toLowerCase() === '.png' ? 'png' : 'svg';
  const image = { format, data: readFileSync(options.image), widthMm: options.size ?? DEFAULT_SEAL_MM } as const;
  return withCenter(options.dir, (center) => {
    center.registerImpression(options.unit, der, image);
    return 0;
  });
}
