import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RevocationReasonSchema } from '../../../shared/center/certificate-request.ts';
import { CertKindSchema } from '../../../shared/model/certificate.ts';
import { writeFileAtomic } from '../platform/index.ts';

const ReplacedSchema = z.object({ fingerprint: z.string(), label: z.string(), kind: CertKindSchema });

export const PendingRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('renewal'),
    id: z.string(),
    serial: z.string(),
    keyId: z.string(),
    replaces: ReplacedSchema,
    csr: z.string(),
    state: z.enum(['waiting', 'installed', 'returned']),
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

/** Certificate requests sent and not yet answered, with what is needed to act on the answer (no secrets). */
export class PendingRequests {
  readonly #path: string;

  constructor(dir: string) {
    this.#path = join(dir, 'pending.json');
  }

  list(): PendingRequest[] {
    if (!existsSync(this.#path)) return [];
    return z.array(PendingRequestSchema).parse(JSON.parse(readFileSync(this.#path, 'utf8')));
  }

  get(id: string): PendingRequest | null {
    return this.list().find((request) => request.id === id) ?? null;
  }

  put(request: PendingRequest): void {
    const others = this.list().filter((r) => r.id !== request.id);
    writeFileAtomic(this.#path, `${JSON.stringify([...others, request], null, 2)}\n`);
  }
}
