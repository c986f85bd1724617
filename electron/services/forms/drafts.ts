import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { Vault } from '../vault/index.ts';
import { formById } from './catalog.ts';

const COLLECTION = 'drafts';

const DraftSchema = z.object({
  id: z.string(),
  formId: z.string(),
  /** The form version the draft was made with; an older one still opens and is flagged. */
  formVersion: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  /** 草稿 while editable; 待提交 once signed and queued in the outbox. */
  state: z.enum(['draft', 'signed']),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Every save counts, so a reader can tell which of two copies is newer. */
  revision: z.number().int(),
});
export type Draft = z.infer<typeof DraftSchema>;

/** Applications being filled in, kept encrypted; every change is saved as it is made. */
export class DraftStore {
  constructor(private readonly vault: Vault) {}

  create(formId: string): Draft {
    const form = formById(formId);
    const now = new Date().toISOString();
    const draft: Draft = {
      id: randomUUID(),
      formId,
      formVersion: form.version,
      data: {},
      state: 'draft',
      createdAt: now,
      updatedAt: now,
      revision: 0,
    };
    this.#write(draft);
    return draft;
  }

  get(id: string): Draft {
    const bytes = this.vault.read(COLLECTION, id);
    if (bytes === null) throw new AppError('DRAFT_NOT_FOUND', { id });
    const parsed = DraftSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) throw new AppError('VAULT_CORRUPT', { name: `${COLLECTION}/${id}` });
    return parsed.data;
  }

  /** Replaces the data of an editable draft; a signed application is read-only. */
  save(id: string, data: Record<string, unknown>): Draft {
    const current = this.get(id);
    if (current.state !== 'draft') throw new AppError('DRAFT_SIGNED', { id });
    const next = { ...current, data, updatedAt: new Date().toISOString(), revision: current.revision + 1 };
    this.#write(next);
    return next;
  }

  list(): Draft[] {
    return this.vault
      .ids(COLLECTION)
      .map((id) => this.get(id))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  remove(id: string): void {
    this.vault.remove(COLLECTION, id);
  }

  #write(draft: Draft): void {
    this.vault.write(COLLECTION, draft.id, Buffer.from(JSON.stringify(draft), 'utf8'));
  }
}
