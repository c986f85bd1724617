import { z } from 'zod';
import {
  CENTER_ROUTES,
  ChangesResponseSchema,
  NoticeSchema,
  ReferenceDataSchema,
  SubmissionReceiptSchema,
  type Change,
  type Notice,
  type ReferenceData,
} from '../../../shared/center/index.ts';
import { AppError, toWireError } from '../../../shared/errors.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import type { OutboxItem, OutboxPart } from '../../../shared/model/outbox.ts';
import type { Ledger } from '../audit/index.ts';
import type { Signer } from '../token/index.ts';
import type { Vault } from '../vault/index.ts';
import { CenterLink } from './link.ts';
import type { Outbox } from './outbox.ts';
import { dropSpool, sealParts, streamEnvelope, type PartSource } from './parts.ts';

const STATE_COLLECTION = 'sync';
const STATE_ID = 'state';
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 30 * 60_000;

const SyncStateSchema = z.object({
  cursor: z.number().int().min(0),
  lastSuccessAt: z.string().nullable(),
  /** The center's notices as last fetched, newest first. */
  notices: z.array(NoticeSchema).default([]),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export interface SyncProgress {
  itemId: string;
  sent: number;
  total: number;
}

export interface SyncReport {
  sent: string[];
  failed: { id: string; code: string }[];
  changes: Change[];
  /** What the center keeps for this unit (approvers, notices), fetched on every pass. */
  reference: ReferenceData | null;
  /** Notices published since the previous pass. */
  newNotices: Notice[];
  /** The center published another forms catalog and it is now in force. */
  catalogChanged: boolean;
}

/** The forms catalog in force, which takes the center's when it publishes another (FormCatalog). */
export interface FollowedCatalog {
  readonly published: { revision: string };
  adopt(value: unknown): boolean;
}

export interface SyncDependencies {
  outbox: Outbox;
  vault: Vault;
  spoolDir: string;
  enrolment(): CenterEnrolment | null;
  /** The unit certificate's key; asks for a logged-in token. */
  unitSigner(enrolment: CenterEnrolment): Promise<Signer>;
  /** The plaintext parts of an item (an application from the vault, a file, a folder): sealed when queued, encrypted as they are sent. */
  partsOf(item: OutboxItem): Promise<PartSource[]>;
  onProgress?(progress: SyncProgress): void;
  /** The center changed an item's status (returned, completed…). */
  onStatus?(item: OutboxItem, change: Change): void;
  catalog?: FollowedCatalog;
  /** The audit ledger: closed years archived and its head anchored at the center on every pass. */
  ledger?: Ledger;
  now?(): Date;
}

/** Exponential with jitter, so many units coming back online do not hit the center in step. */
export function backoffMs(attempts: number, random = Math.random()): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Drains the outbox to the center and pulls status changes back; one pass per call. */
export class SyncService {
  constructor(private readonly deps: SyncDependencies) {}

  state(): SyncState {
    const raw = this.deps.vault.read(STATE_COLLECTION, STATE_ID);
    return raw === null ? { cursor: 0, lastSuccessAt: null, notices: [] } : SyncStateSchema.parse(JSON.parse(raw.toString('utf8')));
  }

  /** Seals the parts of a new submission now (it needs the center's encryption certificate); they are encrypted as they are sent. */
  async seal(item: OutboxItem, sources: PartSource[]): Promise<OutboxItem> {
    const parts = await sealParts(sources, this.#recipient());
    return this.deps.outbox.update(item.id, () => ({ parts }));
  }

  #recipient(): Uint8Array {
    return Buffer.from(this.#enrolment().encryptionCertificate, 'base64');
  }

  /** 删除: an item the center has not taken leaves the outbox (with its content keys), and any spool an earlier version left. */
  remove(id: string): OutboxItem {
    const item = this.deps.outbox.unsent(id);
    this.deps.outbox.withdraw(id);
    dropSpool(this.deps.spoolDir, id);
    return item;
  }

  /** `force` ignores the backoff (the user pressed 重试 or ran `sync --once`). */
  async syncOnce(force = false): Promise<SyncReport> {
    const enrolment = this.#enrolment();
    const signer = await this.deps.unitSigner(enrolment);
    const link = new CenterLink({
      baseUrl: enrolment.url,
      signer,
      centerCertificate: new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64')),
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
    const report: SyncReport = { sent: [], failed: [], changes: [], reference: null, newNotices: [], catalogChanged: false };
    for (const item of this.#due(force)) {
      try {
        await this.#send(link, item);
        report.sent.push(item.id);
      } catch (error) {
        const failure = this.#recordFailure(item, error);
        report.failed.push({ id: item.id, code: failure });
        if (failure === 'CENTER_UNREACHABLE') break;
      }
    }
    report.changes = await this.#pull(link);
    await this.deps.ledger?.atSync(this.deps.vault, link, signer, this.#now());
    const route = CENTER_ROUTES.reference;
    report.reference = await link.call(route.method, route.path, null, ReferenceDataSchema);
    const known = new Set(this.state().notices.map((notice) => notice.id));
    report.newNotices = report.reference.notices.filter((notice) => !known.has(notice.id));
    this.#saveState({ ...this.state(), notices: report.reference.notices, lastSuccessAt: this.#now().toISOString() });
    report.catalogChanged = await this.#followCatalog(link, report.reference.catalogRevision);
    return report;
  }

  /** Fetched only when the revision moved; the catalog checks it itself, so a bad one is CATALOG_INVALID, not a generic refusal. */
  async #followCatalog(link: CenterLink, revision: string): Promise<boolean> {
    const catalog = this.deps.catalog;
    if (catalog === undefined || catalog.published.revision === revision) return false;
    const route = CENTER_ROUTES.catalog;
    return catalog.adopt(await link.call(route.method, route.path, null, z.unknown()));
  }

  #enrolment(): CenterEnrolment {
    const enrolment = this.deps.enrolment();
    if (enrolment === null) throw new AppError('CENTER_NOT_ENROLLED');
    return enrolment;
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** A leaked-key report goes before everything else; the rest keep their queue order. */
  #due(force: boolean): OutboxItem[] {
    const now = this.#now().toISOString();
    return this.deps.outbox
      .list()
      .filter((item) => item.state === 'pending' && (force || item.nextAttemptAt === null || item.nextAttemptAt <= now))
      .sort((a, b) => Number(b.urgent) - Number(a.urgent));
  }

  async #send(link: CenterLink, queued: OutboxItem): Promise<void> {
    const allUploaded = queued.parts.length > 0 && queued.parts.every(isUploaded);
    const sources = allUploaded ? [] : await this.deps.partsOf(queued);
    let item = queued.parts.length > 0 ? queued : await this.seal(queued, sources);
    const total = item.parts.reduce((sum, part) => sum + part.size, 0);
    let done = 0;
    const { uploadEnvelope } = await import('./tus-stack.ts');
    for (const [index, queuedPart] of item.parts.entries()) {
      if (!isUploaded(queuedPart)) {
        const source = sources.find((candidate) => candidate.name === queuedPart.name);
        if (source === undefined) throw new AppError('FILE_NOT_FOUND', { path: queuedPart.name });
        const { part, bytes } = await streamEnvelope(queuedPart, source, this.#recipient(), (resealed) => {
          item = this.#updatePart(item.id, index, resealed);
        });
        const uploaded = await uploadEnvelope(link, {
          envelope: bytes,
          size: part.size,
          uploadUrl: part.uploadUrl,
          // tus announces the URL again when it resumes: an unchanged one needs no (fsynced) outbox write before the first chunk.
          onUploadUrl: (uploadUrl) => {
            if (uploadUrl !== item.parts[index]?.uploadUrl) item = this.#updatePart(item.id, index, { uploadUrl });
          },
          onProgress: (sent) => this.deps.onProgress?.({ itemId: item.id, sent: done + sent, total }),
        });
        // The content key is of no use once the center holds the envelope.
        item = this.#updatePart(item.id, index, {
          uploadUrl: uploaded.url,
          uploaded: true,
          blocksSha256: uploaded.blocksSha256,
          sealing: null,
        });
      }
      done += item.parts[index]?.size ?? 0;
    }
    const parts = item.parts.map((part) => ({
      name: part.name,
      uploadId: new URL(part.uploadUrl ?? '').pathname.split('/').pop() ?? '',
      size: part.size,
      blocksSha256: part.blocksSha256 ?? '',
    }));
    const route = CENTER_ROUTES.submit;
    const receipt = await link
      .call(
        route.method,
        route.path.replace('{id}', encodeURIComponent(item.id)),
        { kind: item.kind, title: item.title, parts },
        SubmissionReceiptSchema,
      )
      .catch((error: unknown) => {
        // The center holds other bytes than were sent (a source that changed under a resumed upload): start over, sealed anew.
        if (error instanceof AppError && error.params['reason'] === 'upload-incomplete')
          this.deps.outbox.update(item.id, () => ({ parts: [] }));
        throw error;
      });
    this.deps.outbox.update(item.id, () => ({
      state: 'sent',
      sentAt: this.#now().toISOString(),
      lastError: null,
      nextAttemptAt: null,
      center: { status: receipt.status, reason: null, at: receipt.receivedAt },
    }));
    dropSpool(this.deps.spoolDir, item.id);
  }

  #updatePart(id: string, index: number, change: Partial<OutboxItem['parts'][number]>): OutboxItem {
    return this.deps.outbox.update(id, (item) => ({
      parts: item.parts.map((part, at) => (at === index ? { ...part, ...change } : part)),
    }));
  }

  /**
   * A refusal for good (revoked certificate, invalid content) stops retrying; anything else backs off.
   * Only a refusal the center vouches it gave to our verified request is for good: one answering a
   * request damaged or replayed on the way may be a man in the middle's, and must not end the item.
   */
  #recordFailure(item: OutboxItem, error: unknown): string {
    const wire = toWireError(error);
    const permanent =
      wire.code === 'CENTER_REJECTED' && wire.params['authenticated'] === 'yes' && String(wire.params['reason']) !== 'upload-incomplete';
    const attempts = item.attempts + 1;
    this.deps.outbox.update(item.id, () => ({
      attempts,
      lastError: wire,
      state: permanent ? 'rejected' : 'pending',
      nextAttemptAt: permanent ? null : new Date(this.#now().getTime() + backoffMs(attempts)).toISOString(),
    }));
    return wire.code;
  }

  async #pull(link: CenterLink): Promise<Change[]> {
    const pulled: Change[] = [];
    const route = CENTER_ROUTES.changes;
    for (let { cursor } = this.state(); ;) {
      const page = await link.call(route.method, `${route.path}?after=${cursor}`, null, ChangesResponseSchema);
      for (const change of page.changes) this.#apply(change);
      pulled.push(...page.changes);
      cursor = page.cursor;
      this.#saveState({ ...this.state(), cursor });
      if (page.changes.length === 0) return pulled;
    }
  }

  #apply(change: Change): void {
    if (!this.deps.outbox.has(change.submissionId)) return;
    const item = this.deps.outbox.update(change.submissionId, () => ({
      center: { status: change.status, reason: change.reason, at: change.at },
    }));
    this.deps.onStatus?.(item, change);
  }

  #saveState(state: SyncState): void {
    this.deps.vault.write(STATE_COLLECTION, STATE_ID, Buffer.from(JSON.stringify(state), 'utf8'));
  }
}

/** Sent whole, with the digest the submission names: an upload an earlier version finished (no digest) is sent again. */
function isUploaded(part: OutboxPart): boolean {
  return part.uploaded && part.blocksSha256 !== null;
}
