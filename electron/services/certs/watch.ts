import { toWireError, type WireError } from '../../../shared/errors.ts';
import type { CertificateStatus, ExpiryReminder } from '../../../shared/model/certificate-status.ts';
import { trustedRootsOf } from '../pki/index.ts';
import type { SettingsStore } from '../settings/index.ts';
import { fetchCenterCrl } from '../sync/index.ts';
import type { TokenService } from '../token/index.ts';
import { CrlCache } from './crl-cache.ts';
import { acknowledgeReminders, dueReminders } from './reminders.ts';
import { certificateStatuses, expiryOf, type HeldCertificate } from './status.ts';

export interface WatchOptions {
  tokens: () => TokenService;
  settings: SettingsStore;
  /** Root files the shell adds (the demo CA). */
  extraRootFiles: () => readonly string[];
  cacheDir: string;
  /** Injected so reminders can be tested at any date. */
  now?: () => Date;
}

export interface TokenCertificateStatuses {
  certificates: CertificateStatus[];
  /** Why the last attempt to refresh the center CRL failed, if it did; the kept one is still used. */
  revocationError: WireError | null;
}

/** Keeps an eye on the certificates of the tokens present: expiry, chain, revocation from the center's CRL. */
export class CertificateWatch {
  readonly #cache: CrlCache;
  readonly #now: () => Date;
  #revocationError: WireError | null = null;

  constructor(private readonly options: WatchOptions) {
    this.#cache = new CrlCache(options.cacheDir);
    this.#now = options.now ?? (() => new Date());
  }

  async status(serial: string): Promise<TokenCertificateStatuses> {
    const { held, issuers } = await this.#held(serial);
    const roots = trustedRootsOf(this.options.settings.read(), this.options.extraRootFiles());
    const certificates = await certificateStatuses({ held, issuers, roots, crl: this.#cache.load(), now: this.#now() });
    return { certificates, revocationError: this.#revocationError };
  }

  /** Reminders no window has shown yet, for every token present (`acknowledge` records those shown). */
  async dueReminders(): Promise<ExpiryReminder[]> {
    const reminders: ExpiryReminder[] = [];
    for (const token of await this.options.tokens().tokens()) {
      // Expiry is all a reminder needs: no chain building or CRL check every minute.
      const now = this.#now();
      const expiries = (await this.#held(token.serial)).held.map((h) => ({ ...h, ...expiryOf(h.notAfter, now) }));
      reminders.push(...dueReminders(this.options.settings, token.serial, expiries));
    }
    return reminders;
  }

  /** A window showed these: they are not due again until a tighter threshold. */
  acknowledge(reminders: readonly Pick<ExpiryReminder, 'fingerprint' | 'threshold'>[]): void {
    acknowledgeReminders(this.options.settings, reminders);
  }

  /** The holder's certificates on the token, and the CA certificates kept beside them. */
  async #held(serial: string): Promise<{ held: HeldCertificate[]; issuers: Uint8Array[] }> {
    const objects = await this.options.tokens().certificateObjects(serial);
    const issuers = objects.filter(({ certificate }) => certificate.isCa).map(({ der }) => der);
    const held = objects
      .filter(({ certificate }) => !certificate.isCa)
      .map(({ certificate, der }) => ({
        label: certificate.label,
        fingerprint: certificate.fingerprintSha256,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        der,
      }));
    return { held, issuers };
  }

  /**
   * Fetches the enrolled center's CRL; an unreachable center keeps the last one, a bad CRL is reported.
   * False when there is no center to ask yet (before enrolment).
   */
  async refreshRevocation(): Promise<boolean> {
    const enrolment = this.options.settings.read().centerEnrolment;
    if (enrolment === null) return false;
    try {
      const crl = await fetchCenterCrl(enrolment);
      if (crl !== null) this.#cache.save(crl.der, this.#now());
      this.#revocationError = null;
    } catch (error) {
      this.#revocationError = toWireError(error);
    }
    return true;
  }
}
