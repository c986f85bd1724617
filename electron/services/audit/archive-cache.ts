import { z } from 'zod';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/model/audit.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import type { Vault } from '../vault/index.ts';

const COLLECTION = 'audit-archive';
const EntriesSchema = z.array(AuditEntrySchema);

/**
 * The opened records of each sealed archive, kept in the vault under the archive's SHA-256. An archive
 * never changes once sealed, and opening it record by record costs an X25519 agreement each: with
 * five years of records that is what made the ledger slow to read. Used only while the archive still
 * matches its signature and that digest.
 */
export class ArchiveCache {
  constructor(private readonly vault: Vault) {}

  /** Null when none is kept, or it does not parse (it is then made again from the archive). */
  get(sha256: string): AuditEntry[] | null {
    const stored = this.vault.read(COLLECTION, sha256);
    const parsed = stored === null ? null : EntriesSchema.safeParse(parseJsonOrNull(stored));
    return parsed?.success === true ? parsed.data : null;
  }

  put(sha256: string, entries: readonly AuditEntry[]): void {
    this.vault.write(COLLECTION, sha256, Buffer.from(JSON.stringify(entries), 'utf8'));
  }
}
