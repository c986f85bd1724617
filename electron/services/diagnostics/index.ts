import type { Diagnostics } from '../../../shared/model/diagnostics.ts';
import { findTools } from '../platform/tools.ts';
import type { TokenService } from '../token/index.ts';
import { findingsFor } from './findings.ts';

export interface DiagnosticsInput {
  tokens: TokenService | null;
  demoMode: boolean;
  app: Diagnostics['app'];
}

/** The page a help desk asks for: module, slots, tokens with their mechanisms and PIN state, tools, advice. */
export async function runDiagnostics(input: DiagnosticsInput): Promise<Diagnostics> {
  const [module, slots] = input.tokens === null ? [null, []] : await Promise.all([input.tokens.moduleInfo(), input.tokens.slots()]);
  const report = {
    app: input.app,
    demoMode: input.demoMode,
    module,
    slots: slots.map((slot) => ({
      ...slot,
      token: slot.token && {
        label: slot.token.label,
        serial: slot.token.serial,
        model: slot.token.model,
        pinStates: slot.token.pinStates,
        mechanisms: slot.token.mechanisms,
      },
    })),
    tools: findTools(),
  };
  return { ...report, generatedAt: new Date().toISOString(), findings: findingsFor(report) };
}
