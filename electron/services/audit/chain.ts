import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AuditRecordSchema, type AuditEntry, type AuditLedger, type AuditProblem } from '../../../shared/model/audit.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** One line of the ledger file: the record encrypted, and in the clear only what the chain needs. */
export const LedgerLineSchema = z.object({ previous: z.union([z.literal(''), Sha256Hex]), sealed: z.base64(), hash: Sha256Hex }).strict();
export type LedgerLine = z.infer<typeof LedgerLineSchema>;

/** The last record written, kept beside the ledger so a ledger cut short is told from a short one. */
export const LedgerHeadSchema = z.object({ count: z.number().int().min(0), hash: z.union([z.literal(''), Sha256Hex]) }).strict();
export type LedgerHead = z.infer<typeof LedgerHeadSchema>;
export const EMPTY_HEAD: LedgerHead = { count: 0, hash: '' };

/** Over the previous hash and the ciphertext: the chain is checked without opening a record. */
export function chainHash(previous: string, sealed: string): string {
  return createHash('sha256').update(previous).update('\n').update(sealed).digest('hex');
}

export type Opener = (sealed: Buffer, context: string) => Buffer;

/**
 * Reads every line: a line that is not a ledger line, does not give its hash, does not follow the one
 * before or does not open is a problem named by its line, and the rest is still read. A ledger shorter
 * than the head is cut short; one record past the head is a write the head did not follow before a crash.
 */
export function readLedgerLines(text: string, head: LedgerHead, open: Opener): AuditLedger {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const entries: AuditEntry[] = [];
  const problems: AuditProblem[] = [];
  let previous: string | null = '';
  let linked = 0;
  lines.forEach((text, index) => {
    const line = index + 1;
    const parsed = LedgerLineSchema.safeParse(parseJsonOrNull(Buffer.from(text, 'utf8')));
    if (!parsed.success) {
      problems.push({ line, reason: 'unreadable' });
      previous = null;
      return;
    }
    const { data } = parsed;
    if (data.hash !== chainHash(data.previous, data.sealed)) {
      problems.push({ line, reason: 'content-changed' });
      previous = null;
      return;
    }
    if (previous !== null && data.previous !== previous) problems.push({ line, reason: 'link-broken' });
    previous = data.hash;
    if (data.hash === head.hash) linked = line;
    const record = openRecord(open, data);
    if (record === null) problems.push({ line, reason: 'undecryptable' });
    else entries.push({ line, record });
  });
  const ending = endProblem(lines.length, linked, head);
  if (ending !== null) problems.push(ending);
  const firstBroken = problems.reduce<AuditProblem | null>((first, p) => (first === null || p.line < first.line ? p : first), null);
  return {
    entries,
    problems,
    chain: { intact: firstBroken === null, records: lines.length, since: entries[0]?.record.time ?? null, firstBroken },
  };
}

function openRecord(open: Opener, line: LedgerLine): AuditEntry['record'] | null {
  try {
    const parsed = AuditRecordSchema.safeParse(parseJsonOrNull(open(Buffer.from(line.sealed, 'base64'), line.previous)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The head's record (none for a missing head) must be the last line, or the one before it (the head is written just after the line). */
function endProblem(lines: number, linked: number, head: LedgerHead): AuditProblem | null {
  if (lines < head.count) return { line: lines + 1, reason: 'records-missing-at-end' };
  if (linked !== head.count || lines > head.count + 1) return { line: Math.max(1, Math.min(head.count, lines)), reason: 'head-mismatch' };
  return null;
}
