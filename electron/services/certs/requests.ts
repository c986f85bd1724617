import { randomBytes } from 'node:crypto';
import { writeFolderAtomic } from '../platform/index.ts';
import { join } from 'node:path';
import { CERTIFICATE_REQUEST_FILES, type CertificateRequest, type RevocationReason } from '../../../shared/center/certificate-request.ts';
import type { Change } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import type { PendingRenewalChoice } from '../../../shared/model/certificate-status.ts';
import type { AuditTrail } from '../audit/index.ts';
import { signContent } from '../cms/index.ts';
import { canonicalJson } from '../forms/index.ts';
import type { BlockList } from '../settings/index.ts';
import type { NewOutboxItem } from '../sync/index.ts';
import type { Signer, TokenService } from '../token/index.ts';
import { LeftoverKeys, PendingRequests, type PendingRenewal, type PendingRequest } from './pending.ts';
import { certificateSummary, generateRenewalKey, installRenewedCertificate, removeReplacedKey } from './renewal.ts';

export interface CertificateRequestsOptions {
  tokens: () => TokenService;
  dir: string;
  /** Puts a package folder into the outbox (encrypted to the center); throws while the store is locked. */
  queue: (item: NewOutboxItem) => Promise<void>;
  roots: () => readonly Uint8Array[];
  /** Stops SealDesk from signing with a certificate at once (a leaked key), before the center answers. */
  blocks: BlockList;
  /** A renewed certificate is on the token; what was bound to the old one (a seal's impression) follows it. */
  renewed: (replaced: string, installed: TokenCertificate) => void;
  /** Takes an item out of the outbox; OUTBOX_ITEM_SENT once the center has it, OUTBOX_ITEM_NOT_FOUND if gone. */
  withdraw: (id: string) => void;
  /** Each request queued is a record of the ledger. */
  audit: AuditTrail;
}

/** 更新 and 撤销: signed requests to the center through the outbox, and acting on its answer. */
export class CertificateRequests {
  readonly pending: PendingRequests;
  readonly #leftovers: LeftoverKeys;

  constructor(private readonly options: CertificateRequestsOptions) {
    this.pending = new PendingRequests(options.dir);
    this.#leftovers = new LeftoverKeys(options.dir);
  }

  /**
   * New key on the token, its request signed by the key it replaces (proof of continuity), queued. A
   * renewal of the same certificate still waiting is kept (`resume`) or cancelled first (`cancel`);
   * without a choice nothing is made, as each new pair takes room on the USBKey.
   */
  async renew(serial: string, selector: string, choice?: PendingRenewalChoice): Promise<PendingRequest> {
    const tokens = this.options.tokens();
    const { certificate } = await tokens.certificateDer(serial, selector);
    const waiting = this.#waitingRenewal(serial, certificate.fingerprintSha256);
    if (waiting !== null) {
      if (choice === 'resume') return waiting;
      if (choice !== 'cancel') throw new AppError('RENEWAL_PENDING', { label: certificate.label, id: waiting.id });
      await this.#cancel(waiting);
    }
    const renewal = await generateRenewalKey(tokens, serial, selector, (keyId) => this.#discard(serial, keyId));
    const signer = await tokens.signerFor(serial, renewal.replaces.fingerprint);
    const request: CertificateRequest = {
      type: 'renewal',
      replaces: renewal.replaces.fingerprint,
      certificateKind: holderKind(renewal.replaces.kind),
      csr: Buffer.from(renewal.csr).toString('base64'),
    };
    const id = await this.#send(request, signer, `证书更新：${renewal.replaces.label}`, false).catch(async (error: unknown) => {
      // Not queued (the store is locked, say): the new pair goes again, leaving the token as it was.
      await this.#discard(serial, renewal.keyId);
      throw error;
    });
    const pending: PendingRequest = { type: 'renewal', id, ...renewal, csr: request.csr, state: 'waiting', detail: null };
    this.pending.put(pending);
    await this.options.audit.record({ kind: 'certificate-renew', serial, subject: renewal.replaces.fingerprint, output: id });
    return pending;
  }

  #waitingRenewal(serial: string, fingerprint: string): PendingRenewal | null {
    const found = this.pending
      .list()
      .find((r) => r.type === 'renewal' && r.state === 'waiting' && r.serial === serial && r.replaces.fingerprint === fingerprint);
    return found?.type === 'renewal' ? found : null;
  }

  /**
   * Out of the outbox if the center has not taken it; if it has, its answer is ignored from now on (the
   * request is no longer waiting). Its key pair leaves the token, or is noted to leave once it is back.
   */
  async #cancel(renewal: PendingRenewal): Promise<void> {
    try {
      this.options.withdraw(renewal.id);
    } catch (error) {
      if (!(error instanceof AppError) || !['OUTBOX_ITEM_SENT', 'OUTBOX_ITEM_NOT_FOUND'].includes(error.code)) throw error;
    }
    this.pending.put({ ...renewal, state: 'cancelled' });
    await this.#discard(renewal.serial, renewal.keyId);
  }

  /** A failed renewal's new pair leaves the token; if it cannot now (pulled out), it is noted for later. */
  async #discard(serial: string, keyId: string): Promise<void> {
    await this.options
      .tokens()
      .destroyObjects(serial, keyId)
      .catch(() => this.#leftovers.add({ serial, keyId }));
  }

  /** Takes left-over pairs of failed renewals off their tokens, once each is present and logged in. */
  async removeLeftovers(): Promise<void> {
    const tokens = this.options.tokens();
    const ready = new Set((await tokens.tokens()).filter((t) => t.loggedIn).map((t) => t.serial));
    for (const leftover of this.#leftovers.list().filter((l) => ready.has(l.serial))) {
      // Still failing (pulled out again): it stays on the list for the next check.
      await tokens.destroyObjects(leftover.serial, leftover.keyId).then(
        () => this.#leftovers.remove(leftover),
        () => undefined,
      );
    }
  }

  /**
   * Signed with `signWith` (any valid certificate of the unit) or the certificate itself. A leaked key
   * is blocked at once and its report jumps the queue.
   */
  async revoke(serial: string, selector: string, reason: RevocationReason, signWith?: string): Promise<PendingRequest> {
    const tokens = this.options.tokens();
    const { certificate } = await tokens.certificateDer(serial, selector);
    const urgent = reason === 'key-compromise';
    // The signer first: a leaked key may still sign its own report, and nothing else after it.
    const signer = await tokens.signerFor(serial, signWith ?? certificate.fingerprintSha256);
    if (urgent) this.options.blocks.block(certificate.fingerprintSha256);
    const request: CertificateRequest = { type: 'revocation', certificate: certificate.fingerprintSha256, reason };
    const id = await this.#send(request, signer, `证书撤销：${certificate.label}`, urgent);
    const pending: PendingRequest = {
      type: 'revocation',
      id,
      serial,
      target: certificateSummary(certificate),
      reason,
      state: 'waiting',
      detail: null,
    };
    this.pending.put(pending);
    await this.options.audit.record({ kind: 'certificate-revoke', serial, subject: certificate, purpose: reason, output: id });
    return pending;
  }

  /** The center's answer: 办结 installs a renewal's certificate or confirms a revocation; 退回 says why. */
  async answered(id: string, change: Change): Promise<void> {
    const pending = this.pending.get(id);
    if (pending === null || pending.state !== 'waiting') return;
    if (change.status === 'returned') return this.#returned(pending, change.reason);
    if (change.status !== 'completed') return;
    if (pending.type === 'revocation') {
      this.options.blocks.block(pending.target.fingerprint);
      this.pending.put({ ...pending, state: 'revoked' });
      return;
    }
    if (change.certificate === null) throw new AppError('ISSUED_CERT_MISMATCH');
    const issued = new Uint8Array(Buffer.from(change.certificate, 'base64'));
    const renewal = { ...pending, csr: new Uint8Array(Buffer.from(pending.csr, 'base64')) };
    const installed = await installRenewedCertificate(this.options.tokens(), renewal, issued, this.options.roots());
    this.options.renewed(pending.replaces.fingerprint, installed);
    this.pending.put({ ...pending, state: 'installed', detail: installed.fingerprintSha256 });
  }

  /** A returned renewal's new key pair will never get its certificate: it leaves the token, which is as before. */
  async #returned(pending: PendingRequest, reason: string | null): Promise<void> {
    if (pending.type === 'renewal') await this.options.tokens().destroyObjects(pending.serial, pending.keyId);
    this.pending.put({ ...pending, state: 'returned', detail: reason });
  }

  /**
   * After the holder confirms the key is safe: SealDesk signs with a certificate again whose leaked-key
   * report the center returned. Nothing else unblocks a certificate: not one still waiting for the
   * center's answer, and never one the center revoked.
   */
  resumeUse(fingerprint: string): void {
    const reports = this.pending.list().filter((r) => r.type === 'revocation' && r.target.fingerprint === fingerprint);
    const latest = reports.at(-1);
    if (latest === undefined || latest.state !== 'returned' || reports.some((r) => r.state === 'revoked')) {
      throw new AppError('CERT_RESUME_NOT_ALLOWED');
    }
    this.options.blocks.unblock(fingerprint);
  }

  /**
   * After the holder confirms: the pair a renewal replaced leaves the token. Only a certificate an
   * installed renewal replaced can go this way; nothing else on the token can be deleted through it.
   */
  async removeReplaced(serial: string, fingerprint: string): Promise<void> {
    const replaced = this.pending
      .list()
      .some((r) => r.type === 'renewal' && r.state === 'installed' && r.serial === serial && r.replaces.fingerprint === fingerprint);
    if (!replaced) throw new AppError('CERT_NOT_FOUND', { selector: fingerprint });
    await removeReplacedKey(this.options.tokens(), serial, fingerprint);
  }

  /** request.json and request.p7s in a folder of their own, made complete before it is renamed into place. */
  async #send(request: CertificateRequest, signer: Signer, title: string, urgent: boolean): Promise<string> {
    const json = Buffer.from(canonicalJson(request), 'utf8');
    const p7s = await signContent(signer, json, { signingTime: new Date() });
    const id = `cert-${randomBytes(9).toString('hex')}`;
    const source = join(this.options.dir, id);
    writeFolderAtomic(source, { [CERTIFICATE_REQUEST_FILES.request]: json, [CERTIFICATE_REQUEST_FILES.signature]: p7s });
    await this.options.queue({ id, kind: 'certificate-request', title, source, urgent });
    return id;
  }
}

function holderKind(kind: TokenCertificate['kind']): 'unit' | 'personal' | 'device' | 'seal' {
  if (kind === 'unknown') throw new AppError('ISSUED_CERT_WRONG_TYPE', { expected: 'unit|personal|device|seal', actual: kind });
  return kind;
}
