import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  custodyState,
  CustodyReturnSchema,
  DelegationSchema,
  type CustodyEntry,
  type CustodyStatus,
  type Delegation,
} from '../../../shared/model/custody.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { writeFileAtomic, writeFolderAtomic } from '../platform/index.ts';

/**
 * The files of one delegation's folder: the record everyone signed (canonical JSON), each signature
 * as a detached CMS file that `openssl cms -verify` checks, and the printed sheets.
 */
export const CUSTODY_FILES = {
  delegation: 'delegation.json',
  approver: 'approver.p7s',
  custodian: 'custodian.p7s',
  standIn: 'stand-in.p7s',
  handoverPdf: '交接单.pdf',
  return: 'return.json',
  returnCustodian: 'return-custodian.p7s',
  returnStandIn: 'return-stand-in.p7s',
  returnPdf: '收回记录.pdf',
} as const;

/** `custody/` of the data directory: one folder per delegation, which appears whole or not at all. */
export class CustodyRecords {
  constructor(readonly dir: string) {}

  static in(dataDir: string): CustodyRecords {
    return new CustodyRecords(join(dataDir, 'custody'));
  }

  folder(id: string): string {
    return join(this.dir, id);
  }

  create(id: string, files: Readonly<Record<string, Uint8Array>>): string {
    const folder = this.folder(id);
    writeFolderAtomic(folder, files, 0o644);
    return folder;
  }

  /** The return record is written last: its signatures and sheet before it, so a return on record is always complete. */
  addReturn(id: string, files: { record: Uint8Array; custodian: Uint8Array; standIn: Uint8Array; pdf: Uint8Array }): void {
    const folder = this.folder(id);
    writeFileAtomic(join(folder, CUSTODY_FILES.returnCustodian), files.custodian, 0o644);
    writeFileAtomic(join(folder, CUSTODY_FILES.returnStandIn), files.standIn, 0o644);
    writeFileAtomic(join(folder, CUSTODY_FILES.returnPdf), files.pdf, 0o644);
    writeFileAtomic(join(folder, CUSTODY_FILES.return), files.record, 0o644);
  }

  /** Every delegation, newest handover first, with its state at `now`. */
  status(now: Date): CustodyStatus {
    if (!existsSync(this.dir)) return { entries: [], unreadable: [] };
    const entries: CustodyEntry[] = [];
    const unreadable: string[] = [];
    // Dot folders are deliveries still being written (writeFolderAtomic's staging).
    for (const name of readdirSync(this.dir).filter((n) => !n.startsWith('.'))) {
      const entry = this.#entry(name, now);
      if (entry === null) unreadable.push(this.folder(name));
      else entries.push(entry);
    }
    entries.sort((a, b) => b.delegation.handedOverAt.localeCompare(a.delegation.handedOverAt));
    return { entries, unreadable };
  }

  #entry(id: string, now: Date): CustodyEntry | null {
    const folder = this.folder(id);
    const delegation = DelegationSchema.safeParse(readJson(join(folder, CUSTODY_FILES.delegation)));
    if (!delegation.success || delegation.data.id !== id) return null;
    const returnFile = join(folder, CUSTODY_FILES.return);
    let returnedAt: string | null = null;
    if (existsSync(returnFile)) {
      const parsed = CustodyReturnSchema.safeParse(readJson(returnFile));
      if (!parsed.success || parsed.data.delegation !== id) return null;
      returnedAt = parsed.data.returnedAt;
    }
    return {
      delegation: delegation.data,
      state: custodyState(delegation.data, returnedAt, now),
      returnedAt,
      handoverPdf: join(folder, CUSTODY_FILES.handoverPdf),
      returnPdf: returnedAt === null ? null : join(folder, CUSTODY_FILES.returnPdf),
    };
  }
}

function readJson(path: string): unknown {
  return existsSync(path) ? parseJsonOrNull(readFileSync(path)) : null;
}

export function coversSeal(delegation: Delegation, fingerprint: string): boolean {
  return delegation.seals.some((seal) => seal.fingerprintSha256 === fingerprint);
}
