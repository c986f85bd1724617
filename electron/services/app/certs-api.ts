import type { Emit, Handlers } from '../../../shared/api/index.ts';
import type { CertificateRequestView } from '../../../shared/model/certificate-status.ts';
import { type CertificateRequests, type CertificateWatch, type PendingRequest } from '../certs/index.ts';

const REVOCATION_REFRESH_MS = 60 * 60_000;

type CertsMethods =
  | 'certs.status'
  | 'certs.requests'
  | 'certs.dueReminders'
  | 'certs.acknowledgeReminders'
  | 'certs.renew'
  | 'certs.revoke'
  | 'certs.removeReplaced'
  | 'certs.resumeUse';

function view(request: PendingRequest): CertificateRequestView {
  const subject = request.type === 'renewal' ? request.replaces : request.target;
  const { id, type, serial, state, detail } = request;
  return { id, type, serial, fingerprint: subject.fingerprint, label: subject.label, state, detail };
}

/**
 * 证书 behind the API, and the reminders nobody has to ask for: every `intervalMs` (and when a token
 * is plugged in) due expiry reminders are pushed until a window acknowledges them; the center CRL is
 * refreshed hourly.
 */
export class CertsApi {
  #timer: NodeJS.Timeout | null = null;
  #lastRefresh = 0;
  #check: Promise<void> | null = null;

  constructor(
    private readonly watch: CertificateWatch,
    private readonly requests: CertificateRequests,
    private readonly emit: Emit,
    private readonly intervalMs: number,
  ) {}

  readonly handlers: Pick<Handlers, CertsMethods> = {
    'certs.status': async ({ serial, refresh }) => {
      if (refresh) await this.#refresh();
      return this.watch.status(serial);
    },
    'certs.requests': async () => this.requests.pending.list().map(view),
    'certs.dueReminders': () => this.watch.dueReminders(),
    'certs.acknowledgeReminders': async ({ reminders }) => {
      this.watch.acknowledge(reminders);
      return {};
    },
    'certs.renew': async ({ serial, certificate, pending }) => view(await this.requests.renew(serial, certificate, pending)),
    'certs.revoke': async ({ serial, certificate, reason, signWith }) =>
      view(await this.requests.revoke(serial, certificate, reason, signWith)),
    'certs.removeReplaced': async ({ serial, fingerprint }) => {
      await this.requests.removeReplaced(serial, fingerprint);
      return {};
    },
    'certs.resumeUse': async ({ fingerprint }) => {
      this.requests.resumeUse(fingerprint);
      return {};
    },
  };

  start(): void {
    this.#timer = setInterval(() => this.check(), this.intervalMs);
    this.#timer.unref();
    this.check();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One check at a time; a token that cannot be read now is checked again at the next tick. */
  check(): void {
    if (this.#check !== null) return;
    this.#check = this.#run()
      .catch(() => undefined)
      .finally(() => (this.#check = null));
  }

  async #run(): Promise<void> {
    if (Date.now() - this.#lastRefresh > REVOCATION_REFRESH_MS) await this.#refresh();
    await this.requests.removeLeftovers();
    const reminders = await this.watch.dueReminders();
    if (reminders.length > 0) this.emit('certs.reminders', { reminders });
  }

  /** Counts as done only once there was a center to ask, so the first check after enrolment is not an hour away. */
  async #refresh(): Promise<void> {
    if (await this.watch.refreshRevocation()) this.#lastRefresh = Date.now();
  }
}
