import { join } from 'node:path';
import { z } from 'zod';
import { RevocationReasonSchema } from '../../../shared/center/certificate-request.ts';
import { CertKindSchema } from '../../../shared/model/certificate.ts';
import { JsonListFile } from '../platform/index.ts';

const ReplacedSchema = z.object({ fingerprint: z.string(), label: z.string(), kind: CertKindSchema });

export const PendingRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('renewal'),
    id: z.string(),
    serial: z.string(),
    keyId: z.string(),
    replaces: ReplacedSchema,
    csr: z.string(),
    state: z.enum(['waiting', 'installed', 'returned', 'cancelled']),
    detail: z.string().nullable(),
  }),
  z.object({
    type: z.literal('revocation'),
    id: z.string(),
    serial: z.string(),
    target: ReplacedSchema,
    reason: RevocationReasonSchema,
    state: z.enum(['waiting', 'revoked', 'returned']),
    detail: z.string().nullable(),
  }),
]);
export type PendingRequest = z.infer<typeof PendingRequestSchema>;
export type PendingRenewal = Extract<PendingRequest, { type: 'renewal' }>;

/** Certificate requests sent and not yet answered, with what is needed to act on the answer (no secrets). */
export class PendingRequests {
  readonly #file: JsonListFile<PendingRequest>;

  constructor(dir: string) {
    this.#file = new JsonListFile(join(dir, 'pending.json'), PendingRequestSchema);
  }

  list(): PendingRequest[] {
    return this.#file.list();
  }

  get(id: string): PendingRequest | null {
    return this.list().find((request) => request.id === id) ?? null;
  }

  put(request: PendingRequest): void {
    this.#file.write([...this.list().filter((r) => r.id !== request.id), request]);
  }
}

const LeftoverKeySchema = z.object({ serial: z.string(), keyId: z.string().regex(/^[0-9a-f]+$/) });
export type LeftoverKey = z.infer<typeof LeftoverKeySchema>;

/**
 * Key pairs a renewal generated but could not take off the token again (it was pulled out in between):
 * removed once that token is back and logged in, so a failed renewal leaves the token as it was.
 */
export class LeftoverKeys {
  readonly #file: JsonListFile<LeftoverKey>;

  constructor(dir: string) {
    this.#file = new JsonListFile(join(dir, 'leftover-keys.json'), LeftoverKeySchema);
  }

  list(): LeftoverKey[] {
    return this.#file.list();
  }

  add(key: LeftoverKey): void {
    this.#file.write([...this.list(), key]);
  }

  remove(key: LeftoverKey): void {
    this.#file.write(this.list().filter((k) => k.serial !== key.serial || k.keyId !== key.keyId));
  }
}
