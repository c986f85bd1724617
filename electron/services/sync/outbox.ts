import { AppError } from '../../../shared/errors.ts';
import { OutboxItemSchema, type OutboxItem } from '../../../shared/model/outbox.ts';
import type { Vault } from '../vault/index.ts';

const COLLECTION = 'outbox';

export type NewOutboxItem = Pick<OutboxItem, 'id' | 'kind' | 'title' | 'source'> & Partial<Pick<OutboxItem, 'urgent'>>;

/** Submissions waiting for the resource center, and their center status once sent; encrypted at rest. */
export class Outbox {
  constructor(private readonly vault: Vault) {}

  enqueue(item: NewOutboxItem): OutboxItem {
    const queued = OutboxItemSchema.parse({ ...item, state: 'pending', queuedAt: new Date().toISOString() });
    this.#put(queued);
    return queued;
  }

  #put(item: OutboxItem): void {
    this.vault.write(COLLECTION, item.id, Buffer.from(JSON.stringify(item), 'utf8'));
  }

  update(id: string, change: (item: OutboxItem) => Partial<OutboxItem>): OutboxItem {
    const current = this.get(id);
    const next = { ...current, ...change(current) };
    this.#put(next);
    return next;
  }

  list(): OutboxItem[] {
    return this.vault
      .ids(COLLECTION)
      .map((id) => this.get(id))
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** The ids alone, without opening any item. */
  ids(): string[] {
    return this.vault.ids(COLLECTION);
  }

  has(id: string): boolean {
    return this.vault.ids(COLLECTION).includes(id);
  }

  /** Takes an item back before it was sent (the applicant reopened it for changes). */
  withdraw(id: string): void {
    this.vault.remove(COLLECTION, id);
  }

  get(id: string): OutboxItem {
    const parsed = OutboxItemSchema.safeParse(JSON.parse(this.vault.read(COLLECTION, id)?.toString('utf8') ?? 'null'));
    if (!parsed.success) throw new AppError('VAULT_CORRUPT', { name: `${COLLECTION}/${id}` });
    return parsed.data;
  }
}
