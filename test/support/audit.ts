import type { AuditIntegrity } from '../../shared/model/audit-integrity.ts';
import { AuditTrail, Ledger } from '../../electron/services/audit/index.ts';
import type { TokenService } from '../../electron/services/token/index.ts';

/** The ledger in `dataDir`, recording acts as the desktop shell does. */
export function auditTrailIn(dataDir: string, tokens: () => TokenService): AuditTrail {
  return new AuditTrail({ ledger: Ledger.in(dataDir), method: 'desktop', tokens });
}

/** The integrity of a ledger built in memory: no archives, never anchored, the clock steady. */
export const NO_ARCHIVES_OR_ANCHOR: AuditIntegrity = {
  archives: [],
  anchor: { confirmed: null, refused: null, source: 'stored' },
  clockBackwards: [],
};
