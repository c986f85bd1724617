import { join } from 'node:path';
import { describeExpiry, describeRevocationStatus, needsNoAttention } from '../../../shared/i18n/certificate-status.ts';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import { describeTrust } from '../../../shared/i18n/verification.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import {
  CertificateWatch,
  type CertificateRequests,
  type PendingRequest,
  type TokenCertificateStatuses,
} from '../../services/certs/index.ts';
import type { RevocationReason } from '../../../shared/center/certificate-request.ts';
import { readPin } from '../pin.ts';
import { cliCertificateRequests, openOutbox } from './sync.ts';
import { cliRootFiles } from '../desk.ts';
import { cliSettings, matchingTokens, pickToken, withTokens, type CommonOptions } from '../context.ts';
import { printJson, reportError } from '../output.ts';
import { AppError } from '../../../shared/errors.ts';
import type { PendingRenewalChoice } from '../../../shared/model/certificate-status.ts';

interface StatusOptions extends CommonOptions {
  json: boolean;
  trust?: string[] | undefined;
  at?: string | undefined;
}

/**
 * `sealdesk certs status`: expiry, chain and revocation of every certificate on the tokens present,
 * refreshing the center CRL first when enrolled. Exit 1 when any certificate needs attention, so a
 * scheduled job can raise it; `--at` asks about another date (what will have expired by then).
 */
export async function certsStatusCommand(locale: Locale, options: StatusOptions): Promise<number> {
  const { store, dataDir } = cliSettings();
  const at = options.at === undefined ? new Date() : new Date(options.at);
  const report = await withTokens(options, async (tokens) => {
    const watch = new CertificateWatch({
      tokens: () => tokens,
      settings: store,
      extraRootFiles: () => cliRootFiles(options.trust),
      cacheDir: join(dataDir, 'pki'),
      now: () => at,
    });
    await watch.refreshRevocation();
    const present = matchingTokens(await tokens.tokens(), options.token);
    return Promise.all(present.map(async (token) => ({ token: token.label, serial: token.serial, ...(await watch.status(token.serial)) })));
  });
  if (options.json) printJson({ tokens: report });
  else process.stdout.write(describe(locale, report));
  return report.every((t) => t.certificates.every(needsNoAttention)) ? 0 : 1;
}

function describe(locale: Locale, report: (TokenCertificateStatuses & { token: string; serial: string })[]): string {
  const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
  const lines = report.flatMap(({ token, serial, certificates, revocationError }) => [
    `● ${token} (${serial})`,
    ...(revocationError === null ? [] : [`  ! ${errorMessage(locale, revocationError)}`]),
    ...certificates.flatMap((status) => [
      `  ${needsNoAttention(status) ? '✓' : '!'} ${status.label}: ${describeExpiry(locale, status)}`,
      `    ${describeTrust(locale, { status: status.trust, failure: status.failure })}`,
      `    ${describeRevocationStatus(locale, status, minute)}`,
      ...(status.blocked ? [`    ${translate(locale, 'certStatus.blocked')}`] : []),
    ]),
  ]);
  return `${(lines.length > 0 ? lines : [translate(locale, 'home.empty')]).join('\n')}\n`;
}

interface RequestOptions extends CommonOptions {
  cert: string;
}

function printQueued(locale: Locale, request: PendingRequest, key: 'certReq.queued' | 'certReq.stillWaiting'): number {
  const title = request.type === 'renewal' ? request.replaces.label : request.target.label;
  process.stdout.write(`${translate(locale, key, { title })} (${request.id})\n`);
  return 0;
}

/** Logs in, opens the outbox (passphrase) and hands over the certificate requests over them. */
async function requestWith(
  locale: Locale,
  options: CommonOptions,
  work: (requests: CertificateRequests, serial: string) => Promise<PendingRequest>,
): Promise<PendingRequest> {
  const { store, dataDir } = cliSettings();
  const { vault, outbox } = await openOutbox(locale, dataDir);
  return withTokens(options, async (tokens) => {
    const { serial } = pickToken(await tokens.tokens(), options.token);
    await tokens.login(serial, await readPin(`${translate(locale, 'login.pin')}: `));
    return work(cliCertificateRequests(tokens, { store, dataDir, vault, outbox }), serial);
  });
}

/**
 * `sealdesk certs renew --cert SELECTOR [--resume | --cancel-pending]`: new key on the token, request
 * queued; `sealdesk sync` installs the result. A renewal already waiting is named with the two choices.
 */
export async function certsRenewCommand(
  locale: Locale,
  options: RequestOptions & { pending?: PendingRenewalChoice | undefined },
): Promise<number> {
  let kept = false;
  try {
    const renewal = await requestWith(locale, options, async (requests, serial) => {
      const known = new Set(requests.pending.list().map((r) => r.id));
      const request = await requests.renew(serial, options.cert, options.pending);
      kept = known.has(request.id);
      return request;
    });
    return printQueued(locale, renewal, kept ? 'certReq.stillWaiting' : 'certReq.queued');
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'RENEWAL_PENDING') throw error;
    reportError(locale, error);
    process.stderr.write(`${translate(locale, 'certReq.pendingChoice', { cert: options.cert })}\n`);
    return 1;
  }
}

/** `sealdesk certs revoke --cert SELECTOR --reason R [--sign-with SELECTOR]`. */
export async function certsRevokeCommand(
  locale: Locale,
  options: RequestOptions & { reason: RevocationReason; signWith?: string | undefined },
): Promise<number> {
  const report = await requestWith(locale, options, (requests, serial) =>
    requests.revoke(serial, options.cert, options.reason, options.signWith),
  );
  return printQueued(locale, report, 'certReq.queued');
}

/** `sealdesk certs resume --cert SELECTOR`: a key stopped by a leaked-key report the center returned signs again. */
export async function certsResumeCommand(locale: Locale, options: RequestOptions): Promise<number> {
  const { store, dataDir } = cliSettings();
  const { vault, outbox } = await openOutbox(locale, dataDir);
  await withTokens(options, async (tokens) => {
    const { serial } = pickToken(await tokens.tokens(), options.token);
    const { certificate } = await tokens.certificateDer(serial, options.cert);
    cliCertificateRequests(tokens, { store, dataDir, vault, outbox }).resumeUse(certificate.fingerprintSha256);
  });
  process.stdout.write(`${translate(locale, 'certReq.resumed')}\n`);
  return 0;
}
