import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  AnchorReceiptSchema,
  CENTER_ROUTES,
  LastAnchorSchema,
  type AnchorRecord,
  type AnchorStatement,
  type ChainPoint,
} from '../../../shared/center/index.ts';
import { toWireError } from '../../../shared/errors.ts';
import { AnchorStateSchema, type AnchorState } from '../../../shared/model/audit-integrity.ts';
import type { AuditProblem } from '../../../shared/model/audit.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { signContent } from '../cms/index.ts';
import { writeFileAtomic } from '../platform/index.ts';
import type { Signer } from '../token/index.ts';

const ANCHOR_FILE = 'anchor.json';
const NONE: AnchorState = { confirmed: null, refused: null };

/** The signed channel to the center (sync's CenterLink). */
export interface CenterCall {
  call<R extends z.ZodType>(method: string, path: string, body: unknown, schema: R): Promise<z.infer<R>>;
}

/**
 * Anchoring (锚定): at each sync the chain's head is signed on the token with the unit certificate and
 * sent to the center, which confirms it only if it extends the unit's last anchor. The last confirmed
 * anchor, and a refusal since, are kept in `anchor.json`; `read` checks the chain against it, so a ledger
 * rewritten whole, consistently, no longer holds the anchored record.
 */
export class LedgerAnchors {
  readonly #file: string;

  constructor(private readonly dir: string) {
    this.#file = join(dir, ANCHOR_FILE);
  }

  /** A missing or damaged note counts as none: the center still holds the anchor (`audit verify --center`). */
  state(): AnchorState {
    if (!existsSync(this.#file)) return NONE;
    const parsed = AnchorStateSchema.safeParse(parseJsonOrNull(readFileSync(this.#file)));
    return parsed.success ? parsed.data : NONE;
  }

  async fetchLast(center: CenterCall): Promise<AnchorRecord | null> {
    const route = CENTER_ROUTES.lastAnchor;
    return (await center.call(route.method, route.path, null, LastAnchorSchema)).last;
  }

  /** `hashes[i]` is record i+1's hash (null where unknown: a missing archive). An empty ledger is not anchored. */
  async anchor(center: CenterCall, signer: Signer, hashes: readonly (string | null)[], now: Date): Promise<AnchorState> {
    const headHash = hashes.at(-1);
    if (headHash === undefined) return this.state();
    const head: ChainPoint = { sequence: hashes.length, hash: headHash ?? '' };
    try {
      const last = await this.fetchLast(center);
      const extendsHash = last === null ? null : hashes[last.sequence - 1];
      const statement: AnchorStatement = {
        head,
        extends: last === null || !extendsHash ? null : { sequence: last.sequence, hash: extendsHash },
        signedAt: now.toISOString(),
      };
      const bytes = Buffer.from(JSON.stringify(statement), 'utf8');
      const signature = Buffer.from(await signContent(signer, bytes)).toString('base64');
      const route = CENTER_ROUTES.anchor;
      const body = { statement: bytes.toString('base64'), signature };
      const receipt = await center.call(route.method, route.path, body, AnchorReceiptSchema);
      const refused = receipt.outcome === 'confirmed' ? null : { at: now.toISOString(), head, reason: receipt.outcome };
      return this.#save({ confirmed: receipt.last, refused });
    } catch (error) {
      // Not confirmed is shown on 审计 as such, whatever stopped it; the last confirmed anchor stays.
      this.#save({ ...this.state(), refused: { at: now.toISOString(), head, reason: toWireError(error).code } });
      throw error;
    }
  }

  #save(state: AnchorState): AnchorState {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.#file, `${JSON.stringify(state)}\n`);
    return state;
  }
}

/** The anchored record must be in the chain with the hash the center confirmed. */
export function anchorProblems(anchor: AnchorRecord | null, hashes: readonly (string | null)[]): AuditProblem[] {
  if (anchor === null) return [];
  if (hashes.length < anchor.sequence) return [{ line: hashes.length + 1, reason: 'anchor-records-missing' }];
  const hash = hashes[anchor.sequence - 1];
  // Unknown inside a missing archive, which is reported as such.
  return hash === null || hash === anchor.hash ? [] : [{ line: anchor.sequence, reason: 'anchor-mismatch' }];
}
