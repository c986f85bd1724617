import Database from 'better-sqlite3';
import {
  AnchorRequestSchema,
  AnchorStatementSchema,
  type AnchorReceipt,
  type AnchorRecord,
  type AnchorStatement,
  type LastAnchor,
} from '../shared/center/index.ts';
import { checkSignedContent, signatureHolds } from '../electron/services/cms/index.ts';
import { sha256Hex } from '../electron/services/pki/index.ts';
import { parseJsonOrNull } from '../shared/validation/json.ts';
import { Rejected } from './auth.ts';
import type { UnitRecord } from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_anchors (
  id INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL, sequence INTEGER NOT NULL, hash TEXT NOT NULL,
  statement BLOB NOT NULL, signature BLOB NOT NULL, confirmed_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_anchors_unit ON audit_anchors (unit_id, id);
`;

interface AnchorRow {
  sequence: number;
  hash: string;
  confirmed_at: string;
}

/**
 * The audit anchors units send at each sync (审计台账锚定), kept per unit with the signed statement as
 * evidence. An anchor is confirmed only when it extends the unit's last one: a ledger rewritten or cut
 * since then cannot get a new anchor, and the last one keeps telling it apart.
 */
export class CenterAnchors {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  last(unit: UnitRecord): LastAnchor {
    const row = this.#db
      .prepare('SELECT sequence, hash, confirmed_at FROM audit_anchors WHERE unit_id = ? ORDER BY id DESC LIMIT 1')
      .get(unit.id) as AnchorRow | undefined;
    return { last: row === undefined ? null : { sequence: row.sequence, hash: row.hash, confirmedAt: row.confirmed_at } };
  }

  /** The statement must be signed with the unit certificate the request came with. */
  anchor(unit: UnitRecord, body: Buffer, now: Date): AnchorReceipt {
    const request = AnchorRequestSchema.parse(parseJsonOrNull(body));
    const statementBytes = Buffer.from(request.statement, 'base64');
    const statement = AnchorStatementSchema.parse(parseJsonOrNull(statementBytes));
    verifyStatement(unit, statementBytes, Buffer.from(request.signature, 'base64'));
    const { last } = this.last(unit);
    const refusal = last === null ? null : whyNotExtending(statement, last);
    if (refusal !== null) return { outcome: refusal, last };
    const confirmedAt = now.toISOString();
    this.#db
      .prepare('INSERT INTO audit_anchors (unit_id, sequence, hash, statement, signature, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(unit.id, statement.head.sequence, statement.head.hash, statementBytes, Buffer.from(request.signature, 'base64'), confirmedAt);
    return { outcome: 'confirmed', last: { ...statement.head, confirmedAt } };
  }
}

function verifyStatement(unit: UnitRecord, statement: Buffer, signature: Buffer): void {
  try {
    const check = checkSignedContent(signature, statement);
    if (signatureHolds(check) && sha256Hex(check.signerCertificate) === unit.certificate) return;
  } catch {
    // An unreadable signature is refused below, like a wrong one.
  }
  throw new Rejected('request-invalid', 400, 'anchor statement not signed with the unit certificate');
}

function whyNotExtending(statement: AnchorStatement, last: AnchorRecord): 'diverged' | 'behind' | null {
  if (statement.head.sequence < last.sequence) return 'behind';
  const at = statement.extends;
  return at !== null && at.sequence === last.sequence && at.hash === last.hash ? null : 'diverged';
}
