import Database from 'better-sqlite3';
import type {
  CenterImpression,
  Change,
  Notice,
  ReferenceData,
  SubmissionKind,
  SubmissionPart,
  SubmissionStatus,
} from '../shared/center/index.ts';

/** Keyed by unit and id: ids are the unit's own (some made from file content), so two units may share one. */
const SUBMISSIONS_COLUMNS = `
  id TEXT NOT NULL, unit_id TEXT NOT NULL REFERENCES units(id), kind TEXT NOT NULL, title TEXT NOT NULL,
  parts TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, received_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (unit_id, id)`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS certificates (
  thumbprint TEXT PRIMARY KEY, der BLOB NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
  not_after TEXT NOT NULL, revoked_at TEXT, revocation_reason TEXT);
CREATE TABLE IF NOT EXISTS enrolment_codes (code TEXT PRIMARY KEY, unit_name TEXT NOT NULL, created_at TEXT NOT NULL, used_at TEXT);
CREATE TABLE IF NOT EXISTS units (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, certificate TEXT NOT NULL REFERENCES certificates(thumbprint), enrolled_at TEXT NOT NULL);
-- Every signed request finds its unit by certificate: without it, a scan of all the units.
CREATE INDEX IF NOT EXISTS units_by_certificate ON units (certificate);
CREATE TABLE IF NOT EXISTS nonces (keyid TEXT NOT NULL, nonce TEXT NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (keyid, nonce));
CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (expires);
CREATE TABLE IF NOT EXISTS submissions (${SUBMISSIONS_COLUMNS});
CREATE TABLE IF NOT EXISTS approvers (
  unit_name TEXT NOT NULL, fingerprint TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (unit_name, fingerprint));
CREATE TABLE IF NOT EXISTS impressions (
  unit_name TEXT NOT NULL, seal_certificate TEXT NOT NULL, format TEXT NOT NULL, data BLOB NOT NULL, width_mm REAL NOT NULL,
  PRIMARY KEY (unit_name, seal_certificate));
CREATE TABLE IF NOT EXISTS notices (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT NOT NULL, published_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS catalog (id INTEGER PRIMARY KEY CHECK (id = 1), content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
  cursor INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL, submission_id TEXT NOT NULL,
  status TEXT NOT NULL, reason TEXT, at TEXT NOT NULL, certificate TEXT);
-- A unit's poll for its changes reads its own, not every unit's since its cursor.
CREATE INDEX IF NOT EXISTS changes_by_unit ON changes (unit_id, cursor);
`;

/** Why an enrolment code was refused, told to the enrolling unit (whose signature the center checked). */
export type EnrolmentProblem = 'unknown' | 'used' | 'expired' | 'other-unit';

export interface CertificateRecord {
  thumbprint: string;
  der: Buffer;
  subject: string;
  kind: string;
  notAfter: string;
  revokedAt: string | null;
}

export interface UnitRecord {
  id: string;
  name: string;
  certificate: string;
}

export interface SubmissionRecord {
  id: string;
  unitId: string;
  unitName: string;
  kind: SubmissionKind;
  title: string;
  parts: SubmissionPart[];
  status: SubmissionStatus;
  reason: string | null;
  receivedAt: string;
  updatedAt: string;
}

interface SubmissionRow {
  id: string;
  unit_id: string;
  unit_name: string;
  kind: SubmissionKind;
  title: string;
  parts: string;
  status: SubmissionStatus;
  reason: string | null;
  received_at: string;
  updated_at: string;
}

const toSubmission = (row: SubmissionRow): SubmissionRecord => ({
  id: row.id,
  unitId: row.unit_id,
  unitName: row.unit_name,
  kind: row.kind,
  title: row.title,
  parts: JSON.parse(row.parts) as SubmissionPart[],
  status: row.status,
  reason: row.reason,
  receivedAt: row.received_at,
  updatedAt: row.updated_at,
});

const SUBMISSION_SELECT = `SELECT s.*, u.name AS unit_name FROM submissions s JOIN units u ON u.id = s.unit_id`;

/** The reference center's records in one SQLite file (WAL, so the operator CLI can read while it serves). */
export class CenterStore {
  readonly #db: Database.Database;
  /** Prepared once: they run for every signed request. */
  readonly #rememberNonce: (keyid: string, nonce: string, expires: number, now: number) => boolean;
  readonly #certificate: Database.Statement<[string]>;
  readonly #unitByCertificate: Database.Statement<[string]>;
  readonly #enrolledCertificate: Database.Statement<[string]>;
  readonly #changes: Database.Statement<[string, number, number]>;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    this.#addColumnIfMissing('changes', 'certificate', 'TEXT');
    // Codes made before codes expired have none, and so count as expired.
    this.#addColumnIfMissing('enrolment_codes', 'expires_at', 'TEXT');
    this.#keySubmissionsByUnit();
    const forgetNonces = this.#db.prepare<[number]>('DELETE FROM nonces WHERE expires < ?');
    const insertNonce = this.#db.prepare<[string, string, number]>('INSERT OR IGNORE INTO nonces (keyid, nonce, expires) VALUES (?, ?, ?)');
    // One transaction: one commit (one WAL sync) per request instead of two, the nonce as durable as before.
    this.#rememberNonce = this.#db.transaction((keyid: string, nonce: string, expires: number, now: number) => {
      forgetNonces.run(now);
      return insertNonce.run(keyid, nonce, expires).changes === 1;
    });
    this.#certificate = this.#db.prepare(
      'SELECT thumbprint, der, subject, kind, not_after AS notAfter, revoked_at AS revokedAt FROM certificates WHERE thumbprint = ?',
    );
    this.#unitByCertificate = this.#db.prepare('SELECT id, name, certificate FROM units WHERE certificate = ?');
    this.#enrolledCertificate = this.#db.prepare(
      'SELECT c.der FROM units u JOIN certificates c ON c.thumbprint = u.certificate WHERE u.certificate = ? LIMIT 1',
    );
    this.#changes = this.#db.prepare(
      'SELECT cursor, submission_id AS submissionId, status, reason, at, certificate FROM changes WHERE unit_id = ? AND cursor > ? ORDER BY cursor LIMIT ?',
    );
  }

  close(): void {
    this.#db.close();
  }

  addCertificate(record: Omit<CertificateRecord, 'revokedAt'>): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO certificates (thumbprint, der, subject, kind, not_after) VALUES (?, ?, ?, ?, ?)')
      .run(record.thumbprint, record.der, record.subject, record.kind, record.notAfter);
  }

  certificate(thumbprint: string): CertificateRecord | null {
    const row = this.#certificate.get(thumbprint) as CertificateRecord | undefined;
    return row ?? null;
  }

  addApprover(unitName: string, approver: ReferenceData['approvers'][number]): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO approvers (unit_name, fingerprint, label) VALUES (?, ?, ?)')
      .run(unitName, approver.fingerprintSha256, approver.label);
  }

  approvers(unitName: string): ReferenceData['approvers'] {
    return this.#db
      .prepare('SELECT label, fingerprint AS fingerprintSha256 FROM approvers WHERE unit_name = ? ORDER BY label')
      .all(unitName) as ReferenceData['approvers'];
  }

  setImpression(unitName: string, impression: Omit<CenterImpression, 'base64'> & { data: Buffer }): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO impressions (unit_name, seal_certificate, format, data, width_mm) VALUES (?, ?, ?, ?, ?)')
      .run(unitName, impression.sealCertificate, impression.format, impression.data, impression.widthMm);
  }

  impressions(unitName: string): CenterImpression[] {
    const rows = this.#db
      .prepare('SELECT seal_certificate AS sealCertificate, format, data, width_mm AS widthMm FROM impressions WHERE unit_name = ?')
      .all(unitName) as (Omit<CenterImpression, 'base64'> & { data: Buffer })[];
    return rows.map(({ data, ...rest }) => ({ ...rest, base64: data.toString('base64') }));
  }

  publishNotice(title: string, body: string, at: Date): Notice {
    const result = this.#db.prepare('INSERT INTO notices (title, body, published_at) VALUES (?, ?, ?)').run(title, body, at.toISOString());
    return { id: Number(result.lastInsertRowid), title, body, publishedAt: at.toISOString() };
  }

  /** The catalog the operator published last, as stored; null before the first. */
  publishedCatalog(): string | null {
    const row = this.#db.prepare('SELECT content FROM catalog WHERE id = 1').get() as { content: string } | undefined;
    return row?.content ?? null;
  }

  publishCatalog(content: string): void {
    this.#db.prepare('INSERT OR REPLACE INTO catalog (id, content) VALUES (1, ?)').run(content);
  }

  /** The latest notices, newest first. */
  notices(limit: number): Notice[] {
    return this.#db
      .prepare('SELECT id, title, body, published_at AS publishedAt FROM notices ORDER BY id DESC LIMIT ?')
      .all(limit) as Notice[];
  }

  /** The whole register, for the OCSP responder; a unit-scale center has a few hundred entries. */
  register(): { der: Buffer; revokedAt: string | null }[] {
    return this.#db.prepare('SELECT der, revoked_at AS revokedAt FROM certificates').all() as { der: Buffer; revokedAt: string | null }[];
  }

  /** Every revoked certificate on the register, for the CRL. */
  revoked(): { der: Buffer; revokedAt: string }[] {
    return this.#db
      .prepare('SELECT der, revoked_at AS revokedAt FROM certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at')
      .all() as { der: Buffer; revokedAt: string }[];
  }

  revoke(thumbprint: string, reason: string, at: Date): boolean {
    const result = this.#db
      .prepare('UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE thumbprint = ? AND revoked_at IS NULL')
      .run(at.toISOString(), reason, thumbprint);
    return result.changes === 1;
  }

  addEnrolmentCode(code: string, unitName: string, at: Date, expiresAt: Date): void {
    this.#db
      .prepare('INSERT INTO enrolment_codes (code, unit_name, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(code, unitName, at.toISOString(), expiresAt.toISOString());
  }

  /**
   * Spends the code and registers the unit, when the code is known, unspent, unexpired and names the
   * very unit the certificate belongs to; otherwise says which of those failed and changes nothing.
   */
  enrol(code: string, unit: UnitRecord, at: Date): { unit: UnitRecord; problem?: never } | { unit: null; problem: EnrolmentProblem } {
    return this.#db.transaction(() => {
      const row = this.#db
        .prepare('SELECT unit_name AS name, expires_at AS expiresAt, used_at AS usedAt FROM enrolment_codes WHERE code = ?')
        .get(code) as { name: string; expiresAt: string | null; usedAt: string | null } | undefined;
      const problem: EnrolmentProblem | null =
        row === undefined
          ? 'unknown'
          : row.usedAt !== null
            ? 'used'
            : row.expiresAt === null || new Date(row.expiresAt) <= at
              ? 'expired'
              : row.name !== unit.name
                ? 'other-unit'
                : null;
      if (problem !== null) return { unit: null, problem };
      this.#db.prepare('UPDATE enrolment_codes SET used_at = ? WHERE code = ?').run(at.toISOString(), code);
      this.#db
        .prepare('INSERT OR REPLACE INTO units (id, name, certificate, enrolled_at) VALUES (?, ?, ?, ?)')
        .run(unit.id, unit.name, unit.certificate, at.toISOString());
      return { unit };
    })();
  }

  /** Every enrolled unit, by name. */
  units(): UnitRecord[] {
    return this.#db.prepare('SELECT id, name, certificate FROM units ORDER BY name, enrolled_at').all() as UnitRecord[];
  }

  unitByCertificate(thumbprint: string): UnitRecord | null {
    const row = this.#unitByCertificate.get(thumbprint) as UnitRecord | undefined;
    return row ?? null;
  }

  /** The DER of a certificate a unit is enrolled with, in one lookup: every signed request starts here. */
  enrolledCertificate(thumbprint: string): Uint8Array | null {
    const row = this.#enrolledCertificate.get(thumbprint) as { der: Buffer } | undefined;
    return row?.der ?? null;
  }

  /**
   * Records a nonce until it expires; false when it was already seen (a replay). Every signed request
   * comes here: the expired ones go through the expiry index, since a scan of all the nonces of the
   * last two minutes cost 0.5 ms per request at 2,000 of them and 3.5 ms at 30,000.
   */
  rememberNonce(keyid: string, nonce: string, expires: number, now: number): boolean {
    return this.#rememberNonce(keyid, nonce, expires, now);
  }

  /** Idempotent on the unit and id: a second call returns the first submission unchanged. */
  receive(submission: Omit<SubmissionRecord, 'status' | 'reason' | 'updatedAt' | 'unitName'>): SubmissionRecord {
    return this.#db.transaction(() => {
      const existing = this.submission(submission.unitId, submission.id);
      if (existing !== null) return existing;
      const at = submission.receivedAt;
      this.#db
        .prepare(
          'INSERT INTO submissions (id, unit_id, kind, title, parts, status, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(submission.id, submission.unitId, submission.kind, submission.title, JSON.stringify(submission.parts), 'received', at, at);
      this.#recordChange(submission.unitId, submission.id, 'received', null, at);
      return this.submission(submission.unitId, submission.id) as SubmissionRecord;
    })();
  }

  submission(unitId: string, id: string): SubmissionRecord | null {
    const row = this.#db.prepare(`${SUBMISSION_SELECT} WHERE s.unit_id = ? AND s.id = ?`).get(unitId, id) as SubmissionRow | undefined;
    return row === undefined ? null : toSubmission(row);
  }

  /** Every unit's submission with this id (the operator names a submission by id alone). */
  submissionsWithId(id: string): SubmissionRecord[] {
    return (this.#db.prepare(`${SUBMISSION_SELECT} WHERE s.id = ? ORDER BY u.name`).all(id) as SubmissionRow[]).map(toSubmission);
  }

  submissions(): SubmissionRecord[] {
    return (this.#db.prepare(`${SUBMISSION_SELECT} ORDER BY s.received_at`).all() as SubmissionRow[]).map(toSubmission);
  }

  /** `certificate`: what a 办结 renewal issued (base64), carried by its change to the unit. */
  decide(
    unitId: string,
    id: string,
    status: SubmissionStatus,
    reason: string | null,
    at: Date,
    certificate: string | null = null,
  ): SubmissionRecord | null {
    return this.#db.transaction(() => {
      if (this.submission(unitId, id) === null) return null;
      this.#db
        .prepare('UPDATE submissions SET status = ?, reason = ?, updated_at = ? WHERE unit_id = ? AND id = ?')
        .run(status, reason, at.toISOString(), unitId, id);
      this.#recordChange(unitId, id, status, reason, at.toISOString(), certificate);
      return this.submission(unitId, id);
    })();
  }

  changes(unitId: string, after: number, limit: number): Change[] {
    return this.#changes.all(unitId, after, limit) as Change[];
  }

  /** Centers created before a column existed gain it on start; SQLite has no ADD COLUMN IF NOT EXISTS. */
  #addColumnIfMissing(table: string, column: string, type: string): void {
    const columns = this.#db.pragma(`table_info(${table})`) as { name: string }[];
    if (!columns.some((c) => c.name === column)) this.#db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }

  /**
   * Centers made when submission ids were unique across units keep their rows under the new key; the
   * copy is one transaction, so a center stopped half-way still has the old table.
   */
  #keySubmissionsByUnit(): void {
    const columns = this.#db.pragma('table_info(submissions)') as { name: string; pk: number }[];
    if (columns.some((c) => c.name === 'unit_id' && c.pk > 0)) return;
    const names = 'id, unit_id, kind, title, parts, status, reason, received_at, updated_at';
    this.#db.transaction(() => {
      this.#db.exec(`CREATE TABLE submissions_by_unit (${SUBMISSIONS_COLUMNS});
        INSERT INTO submissions_by_unit (${names}) SELECT ${names} FROM submissions;
        DROP TABLE submissions;
        ALTER TABLE submissions_by_unit RENAME TO submissions;`);
    })();
  }

  #recordChange(
    unitId: string,
    submissionId: string,
    status: SubmissionStatus,
    reason: string | null,
    at: string,
    certificate: string | null = null,
  ): void {
    this.#db
      .prepare('INSERT INTO changes (unit_id, submission_id, status, reason, at, certificate) VALUES (?, ?, ?, ?, ?, ?)')
      .run(unitId, submissionId, status, reason, at, certificate);
  }
}
