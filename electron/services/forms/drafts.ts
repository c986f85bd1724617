import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { WireErrorSchema } from '../../../shared/error-schema.ts';
import type { FormDefinition } from '../../../shared/forms/index.ts';
import type { Vault } from '../vault/index.ts';

const COLLECTION = 'drafts';

const StoredAttachmentSchema = z.object({
  /** The vault record holding the file's bytes. */
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type StoredAttachment = z.infer<typeof StoredAttachmentSchema>;

const DraftSchema = z.object({
  id: z.string(),
  formId: z.string(),
  /** The form version the draft was made with; an older one is migrated when opened. */
  formVersion: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  /** 草稿 while editable; 待提交 once signed and queued in the outbox. */
  state: z.enum(['draft', 'signed']),
  /** 版次: reopening a signed application for changes starts the next one and drops the signature. */
  edition: z.number().int().default(1),
  /** Attached files by field. */
  attachments: z.record(z.string(), StoredAttachmentSchema).default({}),
  /** Answers an older form version had that the current one no longer asks, kept so nothing typed is lost. */
  legacy: z.record(z.string(), z.unknown()).default({}),
  signature: z.object({ signer: z.string(), signedAt: z.string(), sha256: z.string() }).nullable().default(null),
  /** The center's refusal of the edition this draft was reopened from, kept until it is signed again. */
  refusal: WireErrorSchema.nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Every save counts, so a reader can tell which of two copies is newer. */
  revision: z.number().int(),
});
export type Draft = z.infer<typeof DraftSchema>;

/** Applications being filled in, kept encrypted; every change is saved as it is made. */
export class DraftStore {
  constructor(private readonly vault: Vault) {}

  create(form: FormDefinition, data: Record<string, unknown> = {}): Draft {
    const now = new Date().toISOString();
    const draft: Draft = {
      id: randomUUID(),
      formId: form.id,
      formVersion: form.version,
      data,
      state: 'draft',
      edition: 1,
      attachments: {},
      legacy: {},
      signature: null,
      refusal: null,
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
    return this.update(id, () => ({ data }));
  }

  /** Applies a change to an editable draft (or, with `allowSigned`, to any) and stores the next revision. */
  update(id: string, change: (current: Draft) => Partial<Draft>, allowSigned = false): Draft {
    const current = this.get(id);
    if (current.state !== 'draft' && !allowSigned) throw new AppError('DRAFT_SIGNED', { id });
    const next = { ...current, ...change(current), updatedAt: new Date().toISOString(), revision: current.revision + 1 };
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
