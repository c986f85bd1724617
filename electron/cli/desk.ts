import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { readDemoEnvironment } from '../services/demo/environment.ts';
import { defaultDataDir } from '../services/platform/index.ts';
import { AuditTrail, Ledger } from '../services/audit/index.ts';
import { SealDeskService } from '../services/seal/index.ts';
import { findSoftHsmModule, type TokenService } from '../services/token/index.ts';
import { cliSettings, resolveModule, type CommonOptions } from './context.ts';

/**
 * Roots for this run besides the settings: --trust files, and the demo CA of the app's own demo or of
 * the one `demo init` exported (SEALDESK_DEMO_CA).
 */
export function cliRootFiles(trust: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  const demo = readDemoEnvironment(join(defaultDataDir(env), 'demo'));
  const exported = env['SEALDESK_DEMO_CA'];
  return [...new Set([...trust, ...(demo !== null ? [demo.caCertPath] : []), ...(exported ? [exported] : [])])];
}

/** The app's ledger: what the command line does is recorded as the app's acts are. */
export function cliAuditTrail(tokens: TokenService | null): AuditTrail {
  return new AuditTrail({ ledger: Ledger.in(cliSettings().dataDir), method: 'cli', tokens: () => present(tokens) });
}

function present(tokens: TokenService | null): TokenService {
  if (tokens === null) throw new AppError('MODULE_NOT_CONFIGURED');
  return tokens;
}

/** The same desk the app uses, over the CLI's token session; --trust adds roots for this run. */
export function cliDesk(tokens: TokenService | null, options: CommonOptions & { trust?: string[] | undefined }): SealDeskService {
  const { store: settings, dataDir } = cliSettings();
  return new SealDeskService({
    dataDir,
    settings,
    tokens: () => present(tokens),
    audit: cliAuditTrail(tokens),
    extraRootFiles: cliRootFiles(options.trust),
    // SoftHSM2 only ever holds demo and test tokens: their seals get a generated impression.
    demoImpressions: tokens !== null && resolveModule(options) === findSoftHsmModule(),
    // The sync client is loaded only for a unit enrolled with a center, where time-stamps and validation data come from.
    evidence: async () =>
      settings.read().centerEnrolment === null ? undefined : (await import('../services/sync/index.ts')).enrolledEvidence(settings),
  });
}
