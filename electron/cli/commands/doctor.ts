import { translate, isMessageKey } from '../../../shared/i18n/index.ts';
import type { Diagnostics } from '../../../shared/model/diagnostics.ts';
import type { Locale } from '../../../shared/model/settings.ts';
import { APP_VERSION } from '../../services/app/version.ts';
import { runDiagnostics } from '../../services/diagnostics/index.ts';
import { TokenService } from '../../services/token/index.ts';
import { resolveModule, type CommonOptions } from '../context.ts';
import { printJson, reportError } from '../output.ts';

/** `sealdesk doctor`: the diagnostics page in a terminal; a module that fails to load is itself a finding. */
export async function doctorCommand(locale: Locale, options: CommonOptions & { json: boolean }): Promise<number> {
  let tokens: TokenService | null = null;
  try {
    tokens = await TokenService.open(resolveModule(options), { thread: 'caller' });
  } catch (error) {
    reportError(locale, error);
  }
  try {
    const app = { version: APP_VERSION, shell: 'cli', platform: `${process.platform}-${process.arch}`, node: process.versions.node };
    const report = await runDiagnostics({ tokens, demoMode: false, app });
    if (options.json) printJson(report);
    else printReport(locale, report);
    return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    await tokens?.close();
  }
}

function printReport(locale: Locale, report: Diagnostics): void {
  const t = (key: string, params: Record<string, string | number> = {}): string =>
    isMessageKey(key) ? translate(locale, key, params) : key;
  const lines = [`SealDesk ${report.app.version} (${report.app.platform}, Node ${report.app.node})`];
  lines.push(
    `${t('diag.module')}: ${report.module === null ? '—' : `${report.module.path} · ${report.module.manufacturer} ${report.module.libraryVersion} · Cryptoki ${report.module.cryptokiVersion}`}`,
  );
  lines.push(`${t('diag.slots')}:`);
  for (const slot of report.slots) {
    const token =
      slot.token === null ? t('diag.noToken') : `${slot.token.label} (${slot.token.serial}) PIN: ${slot.token.pinStates.join(',')}`;
    lines.push(`  ${slot.slotId} ${slot.description}: ${token}`);
    if (slot.token !== null)
      lines.push(
        `    ${t('diag.mechanisms')}: ${slot.token.mechanisms
          .filter((m) => m.family !== 'other')
          .map((m) => m.name)
          .join(' ')}`,
      );
  }
  lines.push(`${t('diag.tools')}: ${report.tools.map((tool) => `${tool.name} ${tool.present ? '✓' : '✗'}`).join('  ')}`);
  lines.push(`${t('diag.findings')}:`);
  if (report.findings.length === 0) lines.push(`  ${t('diag.ok')}`);
  for (const finding of report.findings) {
    lines.push(`  [${finding.severity}] ${t(finding.key, finding.params)} — ${t(`${finding.key}.advice`, finding.params)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
