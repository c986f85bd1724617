import { AppError } from '../../../shared/errors.ts';
import { OutboxItemSchema, type OutboxItem } from '../../../shared/model/outbox.ts';
import type { Vault } from '../vault/index.ts';

const COLLECTION = 'outbox';

/** Submissions waiting for the resource center, encrypted at rest; the sync service drains it. */
export class Outbox {
  constructor(private readonly vault: Vault) {}

  enqueue(item: Omit<OutboxItem, 'state' | 'queuedAt'>): OutboxItem {
    const queued: OutboxItem = { ...item, state: 'pending', queuedAt: new Date().toISOString() };
    this.vault.write(COLLECTION, item.id, Buffer.from(JSON.stringify(queued), 'utf8'));
    return queued;
  }

  list(): OutboxItem[] {
    return this.vault
      .ids(COLLECTION)
      .map((id) => this.#get(id))
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  has(id: string): boolean {
    return this.vault.ids(COLLECTION).includes(id);
  }

  /** Takes an item back before it was sent (the applicant reopened it for changes). */
  withdraw(id: string): void {
    this.vault.remove(COLLECTION, id);
  }

  #get(id: string): OutboxItem {
    const parsed = OutboxItemSchema.safeParse(JSON.parse(this.vault.read(COLLECTION, id)?.toString('utf8') ?? 'null'));
    if (!parsed.success) throw new AppError('VAULT_CORRUPT', { name: `${COLLECTION}/${id}` });
    return parsed.data;
  }
}
