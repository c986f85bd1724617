import { join } from 'node:path';
import { describeExpiry, describeRevocationStatus, needsNoAttention } from '../../../shared/i18n/certificate-status.ts';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import { describeTrust } from '../../../shared/i18n/verification.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { CertificateWatch, type TokenCertificateStatuses } from '../../services/certs/index.ts';
import { defaultDataDir } from '../../services/platform/index.ts';
import { JsonFileSettingsStore } from '../../services/settings/index.ts';
import { cliRootFiles } from '../desk.ts';
import { matchingTokens, withTokens, type CommonOptions } from '../context.ts';
import { printJson } from '../output.ts';

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
  const dataDir = defaultDataDir();
  const at = options.at === undefined ? new Date() : new Date(options.at);
  const report = await withTokens(options, async (tokens) => {
    const watch = new CertificateWatch({
      tokens: () => tokens,
      settings: new JsonFileSettingsStore(join(dataDir, 'settings.json')),
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
    ]),
  ]);
  return `${(lines.length > 0 ? lines : [translate(locale, 'home.empty')]).join('\n')}\n`;
}
