import { AppError } from '../../../shared/errors.ts';
import { OutboxItemSchema, type OutboxItem } from '../../../shared/model/outbox.ts';
import type { Vault } from '../vault/index.ts';

const COLLECTION = 'outbox';

export type NewOutboxItem = Pick<OutboxItem, 'id' | 'kind' | 'title' | 'source'> & Partial<Pick<OutboxItem, 'urgent' | 'period'>>;

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

  /** 重试: an item the center has not taken goes out on the next pass, its backoff and count reset. */
  retry(id: string): OutboxItem {
    this.unsent(id);
    return this.update(id, () => ({ state: 'pending', attempts: 0, nextAttemptAt: null }));
  }

  /** An item the center has not taken yet; one it has cannot be retried or taken back. */
  unsent(id: string): OutboxItem {
    if (!this.has(id)) throw new AppError('OUTBOX_ITEM_NOT_FOUND', { id });
    const item = this.get(id);
    if (item.state === 'sent') throw new AppError('OUTBOX_ITEM_SENT', { id });
    return item;
  }

  get(id: string): OutboxItem {
    const parsed = OutboxItemSchema.safeParse(JSON.parse(this.vault.read(COLLECTION, id)?.toString('utf8') ?? 'null'));
    if (!parsed.success) throw new AppError('VAULT_CORRUPT', { name: `${COLLECTION}/${id}` });
    return parsed.data;
  }
}
