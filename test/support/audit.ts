import { AuditTrail, Ledger } from '../../electron/services/audit/index.ts';
import type { TokenService } from '../../electron/services/token/index.ts';

/** The ledger in `dataDir`, recording acts as the desktop shell does. */
export function auditTrailIn(dataDir: string, tokens: () => TokenService): AuditTrail {
  return new AuditTrail({ ledger: Ledger.in(dataDir), method: 'desktop', tokens });
}
