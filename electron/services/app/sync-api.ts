import { join } from 'node:path';
import type { Emit, Handlers } from '../../../shared/api/index.ts';
import { AppError, toWireError, type WireError } from '../../../shared/errors.ts';
import type { Change, Notice, ReferenceData } from '../../../shared/center/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import type { OutboxItem } from '../../../shared/model/outbox.ts';
import type { SyncBlocker, SyncNotice, SyncStatus } from '../../../shared/model/sync.ts';
import type { Applications } from '../applications/index.ts';
import type { SettingsStore } from '../settings/index.ts';
import type { FormCatalog } from '../forms/index.ts';
import {
  centerTrustRoots,
  centerUrl,
  enrol,
  fileParts,
  folderParts,
  PDF_PART_NAMES,
  requireEnrolment,
  saveEnrolment,
  SyncService,
  unitCertificateSelector,
  type NewOutboxItem,
  type PartSource,
} from '../sync/index.ts';
import type { AuditTrail, Ledger } from '../audit/index.ts';
import type { Signer, TokenService } from '../token/index.ts';
import type { Vault } from '../vault/index.ts';

type SyncMethods = 'sync.status' | 'sync.enrol' | 'sync.run' | 'sync.retry' | 'sync.remove';

/** The reference center `npm start` runs beside the app in demo mode. */
export interface DemoCenter {
  url: string;
  enrolmentCode: string;
}

export interface OpenWorkspace {
  applications: Applications;
  vault: Vault;
}

export interface SyncApiOptions {
  dataDir: string;
  settings: SettingsStore;
  /** The unlocked vault, or null while it is locked. */
  workspace: () => OpenWorkspace | null;
  tokens: () => TokenService;
  demoCenter: () => DemoCenter | null;
  emit: Emit;
  /** Enrolment is a record of the ledger. */
  audit: AuditTrail;
  /** Archived and anchored at the center on every pass. */
  ledger: Ledger;
  /** Applies what the center keeps for the unit (approvers, impressions) after each pass. */
  adoptReference: (reference: ReferenceData) => Promise<void>;
  /** The forms catalog in force; a pass adopts the one the center publishes. */
  catalog: FormCatalog;
  /** How often the background pass runs; each item's own backoff still decides whether it is sent. */
  intervalMs: number;
  /** The center answered a certificate request (更新/撤销). */
  certificateAnswered: (id: string, change: Change) => Promise<void>;
}

const BLOCKER_ERRORS = {
  'vault-locked': 'VAULT_LOCKED',
  'center-not-configured': 'CENTER_NOT_CONFIGURED',
  'not-enrolled': 'CENTER_NOT_ENROLLED',
  'token-not-logged-in': 'TOKEN_NOT_LOGGED_IN',
} as const satisfies Record<SyncBlocker, string>;

/**
 * 同步 behind the API: a background pass every `intervalMs` (and right after something is queued),
 * one pass at a time, sending the outbox and pulling statuses; a returned application becomes a draft again.
 */
export class SyncApi {
  #pass: Promise<void> | null = null;
  #lastError: WireError | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** Whether a pass has run since start: the backoff left by the run that was stopped does not delay the next one. */
  #resumed = false;

  constructor(private readonly options: SyncApiOptions) {}

  start(): void {
    this.#timer = setInterval(() => this.soon(), this.options.intervalMs);
    this.#timer.unref();
    this.soon();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Queues what was made elsewhere (a certificate request's folder, a sealed usage report), encrypted to the center at once. */
  async enqueue(item: NewOutboxItem): Promise<void> {
    const workspace = this.options.workspace();
    if (workspace === null) throw new AppError('VAULT_LOCKED');
    requireEnrolment(this.options.settings);
    const queued = workspace.applications.outbox.enqueue(item);
    await this.#service(workspace, [], []).seal(queued, partsOf(workspace, queued));
    this.soon();
  }

  /** Something new is in the outbox: try now rather than at the next tick. Failures show on the 同步 page. */
  soon(): void {
    void this.#run(false).catch(() => undefined);
  }

  readonly handlers: Pick<Handlers, SyncMethods> = {
    'sync.status': async () => this.#status(),
    'sync.enrol': async ({ serial, code }) => {
      await this.#enrol(serial, code);
      this.soon();
      return this.#status();
    },
    'sync.run': async () => {
      await this.#run(true);
      return this.#status();
    },
    'sync.retry': async ({ id }) => {
      this.#openWorkspace().applications.outbox.retry(id);
      this.soon();
      return this.#status();
    },
    'sync.remove': async ({ id }) => {
      const item = this.withdraw(id);
      if (item.kind === 'application') this.#openWorkspace().applications.reopen(item.source, item);
      return this.#status();
    },
  };

  /** Takes an item the center has not taken out of the outbox, its spooled envelope with it. */
  withdraw(id: string): OutboxItem {
    return this.#service(this.#openWorkspace(), [], []).remove(id);
  }

  #openWorkspace(): OpenWorkspace {
    const workspace = this.options.workspace();
    if (workspace === null) throw new AppError('VAULT_LOCKED');
    return workspace;
  }

  async #enrol(serial: string, code: string): Promise<void> {
    const { settings, dataDir } = this.options;
    const url = this.#centerUrl();
    if (url === null) throw new AppError('CENTER_NOT_CONFIGURED');
    const tokens = this.options.tokens();
    const selector = await unitCertificateSelector(tokens, serial, undefined);
    const signer = await tokens.signerFor(serial, selector);
    const enrolment = await enrol({ url, code, signer, trustedRoots: centerTrustRoots(settings.read(), dataDir) });
    saveEnrolment(settings, enrolment);
    await this.options.audit.record({ kind: 'enrol', serial, subject: selector, purpose: enrolment.url });
  }

  /** One pass at a time: a 立即同步 while the background pass runs waits for that pass. */
  #run(force: boolean): Promise<void> {
    this.#pass ??= this.#runPass(force).finally(() => (this.#pass = null));
    return this.#pass;
  }

  async #runPass(force: boolean): Promise<void> {
    const blocker = await this.#blocker();
    if (blocker !== null) {
      if (force) throw new AppError(BLOCKER_ERRORS[blocker]);
      return;
    }
    const workspace = this.options.workspace() as OpenWorkspace;
    const notices: SyncNotice[] = [];
    const answers: [string, Change][] = [];
    let announcements: Notice[] = [];
    try {
      const report = await this.#service(workspace, notices, answers).syncOnce(force || !this.#resumed);
      this.#resumed = true;
      if (report.reference !== null) await this.options.adoptReference(report.reference);
      if (report.catalogChanged) this.options.emit('catalog.changed', {});
      for (const [id, change] of answers) await this.options.certificateAnswered(id, change);
      announcements = report.newNotices;
      this.#lastError = null;
    } catch (error) {
      this.#lastError = toWireError(error);
      throw error;
    } finally {
      this.options.emit('sync.updated', { notices, announcements });
    }
  }

  #service({ applications, vault }: OpenWorkspace, notices: SyncNotice[], answers: [string, Change][]): SyncService {
    return new SyncService({
      outbox: applications.outbox,
      vault,
      spoolDir: join(this.options.dataDir, 'spool'),
      enrolment: () => this.options.settings.read().centerEnrolment,
      unitSigner: (enrolment) => this.#unitSigner(enrolment),
      partsOf: async (item) => partsOf({ applications, vault }, item),
      onProgress: (progress) => this.options.emit('sync.progress', progress),
      catalog: this.options.catalog,
      ledger: this.options.ledger,
      onStatus: (item, change) => {
        if (item.kind === 'application' && change.status === 'returned') applications.returned(item.source, item.id);
        if (item.kind === 'certificate-request') answers.push([item.id, change]);
        notices.push({ id: item.id, title: item.title, status: change.status, reason: change.reason });
      },
    });
  }

  /** The enrolled unit certificate's key on whichever logged-in token holds it, for the channel to the center. */
  async #unitSigner(enrolment: CenterEnrolment): Promise<Signer> {
    const tokens = this.options.tokens();
    for (const token of await tokens.tokens()) {
      if (!token.loggedIn) continue;
      const { certificates } = await tokens.certificates(token.serial);
      if (certificates.some((c) => c.fingerprintSha256 === enrolment.unitCertificate && c.hasPrivateKey))
        return tokens.channelSignerFor(token.serial, enrolment.unitCertificate);
    }
    throw new AppError('TOKEN_NOT_LOGGED_IN');
  }

  #centerUrl(): string | null {
    const settings = this.options.settings.read();
    try {
      return centerUrl({ ...settings, centerUrl: settings.centerUrl ?? this.options.demoCenter()?.url ?? null });
    } catch {
      return null;
    }
  }

  async #blocker(): Promise<SyncBlocker | null> {
    if (this.options.workspace() === null) return 'vault-locked';
    if (this.#centerUrl() === null) return 'center-not-configured';
    if (this.options.settings.read().centerEnrolment === null) return 'not-enrolled';
    const tokens = await this.options
      .tokens()
      .tokens()
      .catch(() => []);
    return tokens.some((token) => token.loggedIn) ? null : 'token-not-logged-in';
  }

  #recorded(open: OpenWorkspace | null): Pick<SyncStatus, 'lastSuccessAt' | 'notices'> {
    if (open === null) return { lastSuccessAt: null, notices: [] };
    const { lastSuccessAt, notices } = this.#service(open, [], []).state();
    return { lastSuccessAt, notices };
  }

  async #status(): Promise<SyncStatus> {
    const { settings, workspace, demoCenter } = this.options;
    const enrolment = settings.read().centerEnrolment;
    const open = workspace();
    const items = open?.applications.outbox.list() ?? [];
    return {
      centerUrl: this.#centerUrl(),
      enrolment: enrolment && { unitName: enrolment.unitName, url: enrolment.url, enrolledAt: enrolment.enrolledAt },
      demoEnrolmentCode: enrolment === null ? (demoCenter()?.enrolmentCode ?? null) : null,
      blocker: await this.#blocker(),
      running: this.#pass !== null,
      ...this.#recorded(open),
      lastError: this.#lastError,
      items: items.map(entry),
    };
  }
}

function partsOf({ applications }: OpenWorkspace, item: OutboxItem): PartSource[] {
  // A certificate request and a custody record are signed folders as they stand; an application is assembled from its draft.
  if (item.kind === 'certificate-request' || item.kind === 'custody') return folderParts(item.source);
  if (item.kind === 'usage-report') return fileParts(item.source, PDF_PART_NAMES['usage-report']);
  return applications.submissionParts(item.source);
}

function entry(item: OutboxItem): SyncStatus['items'][number] {
  const { id, kind, title, period, state, queuedAt, attempts, nextAttemptAt, lastError, sentAt, center } = item;
  const size = item.parts.reduce((sum, part) => sum + part.size, 0);
  return { id, kind, title, period, state, queuedAt, attempts, nextAttemptAt, lastError, sentAt, center, size };
}
