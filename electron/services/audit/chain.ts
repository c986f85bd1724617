import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AuditRecordSchema, type AuditChain, type AuditEntry, type AuditProblem } from '../../../shared/model/audit.ts';
import type { ClockStep } from '../../../shared/model/audit-integrity.ts';
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

/** Where a file's lines sit in the whole chain: records before it, and the hash its first line must follow (null: unknown). */
export interface ChainStart {
  offset: number;
  previous: string | null;
}
export const CHAIN_START: ChainStart = { offset: 0, previous: '' };

/** One file's lines as read: `hashes[i]` is line i+1's own hash, null for a line that does not give one. */
export interface LinesRead {
  entries: AuditEntry[];
  problems: AuditProblem[];
  hashes: (string | null)[];
}

/**
 * Reads every line: a line that is not a ledger line, does not give its hash, does not follow the one
 * before or does not open is a problem named by its number in the chain, and the rest is still read. A
 * file shorter than its head is cut short; one record past the head is a write the head did not follow
 * before a crash. Without `open` only the chain is checked (nothing is decrypted, no entries).
 */
export function readLedgerLines(text: string, head: LedgerHead, open: Opener | null, start: ChainStart = CHAIN_START): LinesRead {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const read: LinesRead = { entries: [], problems: [], hashes: [] };
  let { previous } = start;
  let linked = 0;
  lines.forEach((text, index) => {
    const line = start.offset + index + 1;
    const parsed = LedgerLineSchema.safeParse(parseJsonOrNull(Buffer.from(text, 'utf8')));
    if (!parsed.success || parsed.data.hash !== chainHash(parsed.data.previous, parsed.data.sealed)) {
      read.problems.push({ line, reason: parsed.success ? 'content-changed' : 'unreadable' });
      read.hashes.push(parsed.success ? parsed.data.hash : null);
      previous = null;
      return;
    }
    const { data } = parsed;
    read.hashes.push(data.hash);
    if (previous !== null && data.previous !== previous) read.problems.push({ line, reason: 'link-broken' });
    previous = data.hash;
    if (data.hash === head.hash) linked = index + 1;
    if (open === null) return;
    const record = openRecord(open, data);
    if (record === null) read.problems.push({ line, reason: 'undecryptable' });
    else read.entries.push({ line, record });
  });
  const ending = endProblem(lines.length, linked, head);
  if (ending !== null) read.problems.push({ ...ending, line: start.offset + ending.line });
  return read;
}

/** Whether the chain holds, since when it is kept, and the first record that breaks it. */
export function chainOf(entries: readonly AuditEntry[], problems: readonly AuditProblem[], records: number): AuditChain {
  const firstBroken = problems.reduce<AuditProblem | null>((first, p) => (first === null || p.line < first.line ? p : first), null);
  return { intact: firstBroken === null, records, since: entries[0]?.record.time ?? null, firstBroken };
}

/** Records dated before the record before them: the clock was set back between the two acts. */
export function clockSteps(entries: readonly AuditEntry[]): ClockStep[] {
  return entries.flatMap((entry, index) => {
    const previous = entries[index - 1]?.record.time;
    return previous !== undefined && Date.parse(entry.record.time) < Date.parse(previous)
      ? [{ line: entry.line, time: entry.record.time, previous }]
      : [];
  });
}

/** One line's record, or null for a line that does not parse or open; the chain is not checked (`readLedgerLines` does that). */
export function openLedgerLine(text: string, open: Opener): AuditEntry['record'] | null {
  const parsed = LedgerLineSchema.safeParse(parseJsonOrNull(Buffer.from(text, 'utf8')));
  return parsed.success ? openRecord(open, parsed.data) : null;
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
