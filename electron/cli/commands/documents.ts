import {
  describeChangeLines,
  describeChanges,
  describeDamage,
  describeIntegrity,
  describeLock,
  describeRevocation,
  describeTimestamp,
  describeLegacyAlgorithm,
  describeTrust,
} from '../../../shared/i18n/verification.ts';
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/i18n/time.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import type { DocumentReport, SignatureReport } from '../../../shared/model/verification.ts';
import { repairDocument, stepOutputPaths, type Placement } from '../../services/seal/index.ts';
import { pickToken, withTokens, type CommonOptions } from '../context.ts';
import { cliDesk } from '../desk.ts';
import { printJson, reportError } from '../output.ts';
import { readPin } from '../pin.ts';

type Trust = { trust?: string[] | undefined };

/** `sealdesk verify FILE.pdf`: 0 valid and unchanged, 1 invalid or modified (or unsigned), 2 could not check. */
export async function verifyCommand(locale: Locale, options: CommonOptions & Trust & { file: string; json: boolean }): Promise<number> {
  let report: DocumentReport;
  try {
    report = await cliDesk(null, options).verify(options.file);
  } catch (error) {
    reportError(locale, error);
    return 2;
  }
  if (options.json) printJson(report);
  else process.stdout.write(describeReport(locale, report));
  return report.verdict === 'valid' ? 0 : 1;
}

function describeReport(locale: Locale, report: DocumentReport): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>): string => translate(locale, key, params);
  const lines = [t(`verify.verdict.${report.verdict}`)];
  const lock = describeLock(locale, report);
  if (lock !== null) lines.push(lock);
  if (report.repaired !== null) lines.push(t(`verify.repaired.${report.repaired}`));
  lines.push(...describeDamage(locale, report));
  for (const skipped of report.skippedCertificates)
    lines.push(
      // Only a --trust file is a file of its own; a bad entry among 设置's roots is one skipped certificate.
      t(
        skipped.reason === 'not-pem' && skipped.source !== 'settings'
          ? 'verify.trustSourceWithoutCertificate'
          : 'verify.skippedCertificate',
        {
          source: skipped.source,
          fingerprint: skipped.fingerprint,
        },
      ),
    );
  report.signatures.forEach((s, i) => {
    lines.push('', `#${i + 1} ${t(`verify.role.${s.role}`)} — ${s.signerName} (${s.fieldName})`);
    lines.push(`  ${t('verify.time')}: ${s.signingTime === null ? '-' : formatDateTime(locale, s.signingTime)}`);
    lines.push(`  ${describeIntegrity(locale, s)}`);
    lines.push(`  ${describeChanges(locale, s)}`, ...describeChangeLines(locale, s).map((line) => `    - ${line}`));
    lines.push(`  ${describeTrust(locale, s.trust)}`);
    const legacy = describeLegacyAlgorithm(locale, s.trust);
    if (legacy !== null) lines.push(`  ${legacy}`);
    lines.push(`  ${describeTimestamp(locale, s, (iso) => formatDateTime(locale, iso))}`);
    lines.push(`  ${describeRevocation(locale, s, (iso) => formatDateTime(locale, iso))}`);
    if (s.approval !== null) lines.push(`  ${approvalLine(locale, s.approval)}`);
    const widget = s.widgets.find((w) => w.pageIndex !== null && w.rect[2] > w.rect[0]);
    if (widget?.pageIndex != null) lines.push(`  ${t('verify.page', { page: widget.pageIndex + 1 })}`);
  });
  return `${lines.join('\n')}\n`;
}

function approvalLine(locale: Locale, approval: NonNullable<SignatureReport['approval']>): string {
  if (approval.approverName === null) return translate(locale, 'verify.approval.missing');
  return translate(locale, approval.authorised ? 'verify.approval.ok' : 'verify.approval.unauthorised', { name: approval.approverName });
}

interface PlacementOptions {
  page?: string | undefined;
  x?: number | undefined;
  y?: number | undefined;
  size?: number | undefined;
  field?: string | undefined;
  allowOverlap: boolean;
}

function placementFrom(options: PlacementOptions): Placement | null {
  if (options.x === undefined || options.y === undefined) return null;
  const page = options.page === undefined || options.page === 'last' ? 'last' : Number(options.page);
  return { page, xMm: options.x, yMm: options.y, ...(options.size === undefined ? {} : { widthMm: options.size }) };
}

/** `sealdesk approve IN.pdf -o OUT.pdf --cert SELECTOR [--page N --x MM --y MM]`. */
export async function approveCommand(
  locale: Locale,
  options: CommonOptions &
    PlacementOptions & { file: string; output?: string | undefined; cert: string; overwrite: boolean; purpose?: string | undefined },
): Promise<number> {
  const [output = ''] = stepOutputPaths([options.file], '已签发', options);
  if (refuseTakenOutputs(locale, [output], options.overwrite)) return 1;
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    await tokens.login(token.serial, await readPin(`${translate(locale, 'login.pin')}: `));
    const desk = cliDesk(tokens, options);
    const result = await desk.approve({
      serial: token.serial,
      certificate: options.cert,
      input: options.file,
      output,
      overwrite: options.overwrite,
      visible: placementFrom(options),
      field: options.field,
      allowOverlap: options.allowOverlap,
      purpose: options.purpose,
    });
    process.stdout.write(`${translate(locale, 'seal.done', { output: result.output })}\n`);
    return 0;
  });
}

/**
 * `sealdesk repair IN.pdf [-o OUT.pdf] [--overwrite]`: a damaged, unsigned PDF rewritten into a new file that can
 * be approved; the original stays as it is.
 */
export async function repairCommand(
  locale: Locale,
  options: { file: string; output?: string | undefined; overwrite: boolean },
): Promise<number> {
  const [target = options.file] = stepOutputPaths([options.file], '已修复', options);
  if (refuseTakenOutputs(locale, [target], options.overwrite)) return 1;
  const output = await repairDocument(options.file, target, options.overwrite);
  process.stdout.write(`${translate(locale, 'seal.done', { output })}\n`);
  return 0;
}

/** `sealdesk seal IN.pdf… (-o OUT.pdf | --out-dir DIR) --seal SELECTOR …`: one PIN, every file tried, a line per file. */
export async function sealCommand(
  locale: Locale,
  options: CommonOptions &
    PlacementOptions & {
      files: string[];
      output?: string | undefined;
      outDir?: string | undefined;
      seal: string;
      crossPage: boolean;
      final: boolean;
      overwrite: boolean;
      purpose?: string | undefined;
    },
): Promise<number> {
  const placement = placementFrom(options) ?? { page: 'last' as const, xMm: 0, yMm: 0 };
  const outputs = stepOutputPaths(options.files, '已盖章', options);
  if (refuseTakenOutputs(locale, outputs, options.overwrite)) return 1;
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    await tokens.login(token.serial, await readPin(`${translate(locale, 'login.pin')}: `));
    const desk = cliDesk(tokens, options);
    const outcomes = await desk.sealBatch(
      {
        serial: token.serial,
        certificate: options.seal,
        inputs: options.files,
        outputs,
        overwrite: options.overwrite,
        placement,
        crossPage: options.crossPage,
        final: options.final,
        field: options.field,
        allowOverlap: options.allowOverlap,
        purpose: options.purpose,
      },
      {
        onDone: ({ input, output, error }) => {
          if (error === null) process.stdout.write(`${translate(locale, 'seal.done', { output: output ?? '' })}\n`);
          else
            process.stderr.write(`${translate(locale, 'seal.failed', { input, message: errorMessage(locale, error) })} [${error.code}]\n`);
        },
      },
    );
    return outcomes.every((outcome) => outcome.error === null) ? 0 : 1;
  });
}

/**
 * Outputs are named as the window names them (原名-已盖章.pdf); one that exists is refused before the PIN is
 * asked, each named with the flag that replaces it — never written beside it as -2.
 */
function refuseTakenOutputs(locale: Locale, outputs: readonly string[], overwrite: boolean): boolean {
  const taken = overwrite ? [] : outputs.filter((output) => existsSync(output));
  for (const path of taken) process.stderr.write(`${translate(locale, 'cli.outputExists', { path })} [OUTPUT_EXISTS]\n`);
  return taken.length > 0;
}

/** `sealdesk approvers add --cert SELECTOR`: authorises the certificate's holder to approve. */
export async function approversAddCommand(options: CommonOptions & { cert: string }): Promise<number> {
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    await cliDesk(tokens, options).authoriseApprover({ serial: token.serial, certificate: options.cert });
    return 0;
  });
}

/** `sealdesk request-approval IN.pdf --approver NAME [--note TEXT]`: 送签发 on record; no PIN, as nothing is signed. */
export async function requestApprovalCommand(
  locale: Locale,
  options: CommonOptions & { file: string; approver: string; note?: string | undefined },
): Promise<number> {
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    const { file: path, approver, note } = options;
    const sent = await cliDesk(tokens, options).requestApproval({ serial: token.serial, path, approver, note });
    process.stdout.write(`${translate(locale, 'cli.approvalRequested', { ...sent })}\n`);
    return 0;
  });
}

/** `sealdesk impression import --seal SELECTOR FILE [--size MM]`. */
export async function impressionImportCommand(
  options: CommonOptions & { seal: string; file: string; size?: number | undefined },
): Promise<number> {
  return withTokens(options, async (tokens) => {
    const token = pickToken(await tokens.tokens(), options.token);
    const { certificate } = await tokens.certificateDer(token.serial, options.seal);
    const format = extname(options.file).toLowerCase() === '.png' ? 'png' : 'svg';
    cliDesk(tokens, options).impressions.import(certificate.fingerprintSha256, readFileSync(options.file), format, options.size);
    return 0;
  });
}
