import { z } from 'zod';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** A point of a unit's audit chain: how many records it holds, and the hash of the last one. */
export const ChainPointSchema = z.object({ sequence: z.number().int().min(1), hash: Sha256Hex }).strict();
export type ChainPoint = z.infer<typeof ChainPointSchema>;

/**
 * What the unit signs on its token at each sync: the chain's head, and the hash its own chain has at
 * the center's last anchor (`extends`), so a ledger rewritten since then is refused by the center.
 */
export const AnchorStatementSchema = z
  .object({ head: ChainPointSchema, extends: ChainPointSchema.nullable(), signedAt: z.iso.datetime({ offset: true }) })
  .strict();
export type AnchorStatement = z.infer<typeof AnchorStatementSchema>;

export const AnchorRequestSchema = z
  .object({
    /** The statement's exact bytes (JSON, UTF-8), base64: what the signature covers. */
    statement: z.base64().max(4_000),
    /** Detached CMS SignedData over those bytes with the unit certificate's key, DER, base64. */
    signature: z.base64().max(20_000),
  })
  .strict()
  .meta({ id: 'AnchorRequest' });
export type AnchorRequest = z.infer<typeof AnchorRequestSchema>;

export const AnchorRecordSchema = ChainPointSchema.extend({ confirmedAt: z.iso.datetime() }).strict();
export type AnchorRecord = z.infer<typeof AnchorRecordSchema>;

/**
 * The center's answer. `confirmed`: the statement is now the unit's last anchor. `diverged`: it does not
 * extend the last anchor (records removed or rewritten since), `behind`: it has fewer records than the
 * last anchor. `last` is the unit's last confirmed anchor after the answer (null before the first).
 */
export const AnchorReceiptSchema = z
  .object({ outcome: z.enum(['confirmed', 'diverged', 'behind']), last: AnchorRecordSchema.nullable() })
  .strict()
  .meta({ id: 'AnchorReceipt' });
export type AnchorReceipt = z.infer<typeof AnchorReceiptSchema>;

export const LastAnchorSchema = z.object({ last: AnchorRecordSchema.nullable() }).strict().meta({ id: 'LastAnchor' });
export type LastAnchor = z.infer<typeof LastAnchorSchema>;
