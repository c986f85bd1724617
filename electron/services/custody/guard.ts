import { AppError } from '../../../shared/errors.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import { custodyState, type CustodyEntry } from '../../../shared/model/custody.ts';
import type { TokenService } from '../token/index.ts';
import { coversSeal, type CustodyRecords } from './records.ts';

/** Who seals for whom, when a stand-in holds the seal: the ledger names both. */
export interface SealOperator {
  operator: string;
  custodian: string;
}

/**
 * The delegations on record that concern `seal`: the custody folder read once per seal or per batch
 * (批量盖章), like the seal's key, so a batch does not read every delegation's files again for each document.
 */
export function sealDelegations(records: CustodyRecords, seal: TokenCertificate, now: Date): CustodyEntry[] {
  return records.status(now).entries.filter((entry) => coversSeal(entry.delegation, seal.fingerprintSha256));
}

/**
 * Checked before every seal, against `delegations` (from `sealDelegations`). A stand-in shows who they
 * are by their own USBKey beside the seal's: within the period they seal (and the ledger names them, for
 * the custodian); with their key present outside it (not begun, ended, taken back) the seal is refused
 * with the reason. While a delegation runs, the seal is in the stand-in's custody, so sealing without
 * their key is refused too: the custodian takes it back on the record first.
 *
 * Null when no delegation concerns this seal: the custodian seals as before.
 */
export async function sealOperator(delegations: readonly CustodyEntry[], tokens: TokenService, now: Date): Promise<SealOperator | null> {
  if (delegations.length === 0) return null;
  // Each document is judged at its own time: a period can end while a long batch runs.
  const entries = delegations.map((entry) => ({ ...entry, state: custodyState(entry.delegation, entry.returnedAt, now) }));
  const present = await presentCertificates(tokens);
  const active = entries.find((entry) => entry.state === 'active');
  if (active !== undefined) {
    const { standIn, custodian, until } = active.delegation;
    if (!present.has(standIn.fingerprintSha256)) throw new AppError('CUSTODY_STAND_IN_ABSENT', { standIn: standIn.name, until });
    return { operator: standIn.name, custodian: custodian.name };
  }
  const refused = entries.find((entry) => present.has(entry.delegation.standIn.fingerprintSha256));
  if (refused !== undefined) throw refusal(refused);
  return null;
}

function refusal({ delegation, state, returnedAt }: CustodyEntry): AppError {
  const standIn = delegation.standIn.name;
  if (state === 'returned') return new AppError('CUSTODY_RETURNED', { standIn, returnedAt });
  return new AppError('CUSTODY_OUTSIDE_PERIOD', { standIn, from: delegation.from, until: delegation.until });
}

/** Fingerprints of the personal certificates on every USBKey connected now. */
async function presentCertificates(tokens: TokenService): Promise<Set<string>> {
  const present = new Set<string>();
  for (const token of await tokens.tokens()) {
    const { certificates } = await tokens.certificates(token.serial);
    for (const certificate of certificates) if (certificate.kind === 'personal') present.add(certificate.fingerprintSha256);
  }
  return present;
}
