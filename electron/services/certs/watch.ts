import { join } from 'node:path';
import { toWireError, type WireError } from '../../../shared/errors.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import type { CertificateStatus, ExpiryReminder } from '../../../shared/model/certificate-status.ts';
import { trustedRootsOf } from '../pki/index.ts';
import { blockList, type SettingsStore } from '../settings/index.ts';
import { fetchCenterCrl, fetchCenterOcsp } from '../sync/index.ts';
import type { TokenService } from '../token/index.ts';
import { KeptEvidence } from './kept-evidence.ts';
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
  /** Why the last attempt to refresh the center's CRL or OCSP answers failed, if it did; the kept ones are still used. */
  revocationError: WireError | null;
}

/** Keeps an eye on the certificates of the tokens present: expiry, chain, revocation from the center's CRL and OCSP. */
export class CertificateWatch {
  readonly #crl: KeptEvidence;
  readonly #now: () => Date;
  #revocationError: WireError | null = null;

  constructor(private readonly options: WatchOptions) {
    this.#crl = new KeptEvidence(options.cacheDir, 'center-crl');
    this.#now = options.now ?? (() => new Date());
  }

  async status(serial: string): Promise<TokenCertificateStatuses> {
    const { held, issuers } = await this.#held(serial);
    const roots = trustedRootsOf(this.options.settings.read(), this.options.extraRootFiles());
    const ocsp = (fingerprint: string) => this.#ocsp(fingerprint).load();
    const isBlocked = blockList(this.options.settings).has;
    const certificates = await certificateStatuses({ held, issuers, roots, crl: this.#crl.load(), ocsp, isBlocked, now: this.#now() });
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
   * Fetches the enrolled center's CRL, and its OCSP answer for each certificate it issued on the tokens
   * present: an unreachable center keeps the last ones, a bad answer is reported. False when there is
   * no center to ask yet (before enrolment).
   */
  async refreshRevocation(): Promise<boolean> {
    const enrolment = this.options.settings.read().centerEnrolment;
    if (enrolment === null) return false;
    try {
      const crl = await fetchCenterCrl(enrolment);
      if (crl !== null) {
        this.#crl.save(crl.der, this.#now());
        // Only once the center answered: a center that is down would make every OCSP query wait out its timeout.
        await this.#refreshOcsp(enrolment);
      }
      this.#revocationError = null;
    } catch (error) {
      this.#revocationError = toWireError(error);
    }
    return true;
  }

  /** One answer that does not check out must not cost the other certificates theirs: the first failure is thrown after all. */
  async #refreshOcsp(enrolment: CenterEnrolment): Promise<void> {
    const failures: unknown[] = [];
    for (const token of await this.options.tokens().tokens()) {
      for (const held of (await this.#held(token.serial)).held) {
        try {
          const fetched = await fetchCenterOcsp(enrolment, held.der, this.#now());
          if (fetched !== null) this.#ocsp(held.fingerprint).save(fetched.der, this.#now());
        } catch (error) {
          failures.push(error);
        }
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  #ocsp(fingerprint: string): KeptEvidence {
    return new KeptEvidence(join(this.options.cacheDir, 'ocsp'), fingerprint.replace(/[^0-9A-Fa-f]/g, ''));
  }
}
