import type { Diagnostics, Finding } from '../../../shared/model/diagnostics.ts';

type Report = Omit<Diagnostics, 'findings' | 'generatedAt'>;

/** What is missing and what to do, derived from the collected facts; order is most severe first. */
export function findingsFor(report: Report): Finding[] {
  const findings: Finding[] = [];
  if (report.module === null) findings.push({ severity: 'error', key: 'diag.noModule', params: {} });
  if (report.demoMode) findings.push({ severity: 'warning', key: 'diag.demoMode', params: {} });
  const tokens = report.slots.flatMap((slot) => (slot.token === null ? [] : [slot.token]));
  if (report.module !== null && tokens.length === 0) findings.push({ severity: 'warning', key: 'diag.noTokens', params: {} });
  for (const token of tokens) {
    const params = { label: token.label };
    if (token.pinStates.includes('locked')) findings.push({ severity: 'error', key: 'diag.pinLocked', params });
    if (token.pinStates.includes('toBeChanged')) findings.push({ severity: 'warning', key: 'diag.pinToBeChanged', params });
    if (token.pinStates.includes('countLow') || token.pinStates.includes('finalTry')) {
      findings.push({ severity: 'warning', key: 'diag.pinCountLow', params });
    }
    const canSign = token.mechanisms.some((m) => ['RSA', 'ECDSA', 'SM2'].includes(m.family));
    if (!canSign) findings.push({ severity: 'error', key: 'diag.noSigningMechanism', params });
  }
  for (const tool of report.tools) {
    if (!tool.present) findings.push({ severity: 'warning', key: 'diag.toolMissing', params: { tool: tool.name } });
  }
  const rank = { error: 0, warning: 1, ok: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
