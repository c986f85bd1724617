import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import {
  CUSTODY_FORMAT,
  DelegationSchema,
  type CustodyEntry,
  type CustodyParty,
  type CustodyReturn,
  type CustodyStatus,
  type Delegation,
} from '../../../shared/model/custody.ts';
import type { AuditTrail } from '../audit/index.ts';
import { signContent } from '../cms/index.ts';
import { canonicalJson } from '../forms/index.ts';
import { isAuthorisedApprover } from '../seal/approvers.ts';
import type { SettingsStore } from '../settings/index.ts';
import type { TokenService } from '../token/index.ts';
import { handoverPdf, returnPdf } from './handover-pdf.ts';
import { CUSTODY_FILES, CustodyRecords } from './records.ts';

/** The way to the resource center: a handover and a return go through the outbox, like any submission. */
export interface CustodyDelivery {
  /** False when the unit is not enrolled (nothing to deliver); throws when it is but the outbox cannot take it now (vault locked). */
  ready(): boolean;
  queue(item: { id: string; kind: 'custody'; title: string; source: string }): Promise<void>;
}

export interface CustodyOptions {
  dataDir: string;
  settings: SettingsStore;
  tokens: () => TokenService;
  audit: AuditTrail;
  delivery?: CustodyDelivery;
  now?: () => Date;
}

/** A certificate on a USBKey: the token's serial and a selector (fingerprint or object label). */
export interface CertificateOnToken {
  serial: string;
  certificate: string;
}

export interface DelegationRequest {
  /** The USBKey holding the seals; without it, the one connected USBKey that holds seals. */
  sealToken?: string | undefined;
  standIn: CertificateOnToken;
  approver: CertificateOnToken;
  from: Date;
  until: Date;
  reason: string;
  pendingWork?: string | undefined;
}

/**
 * 代管: the custodian (the holder of the personal certificate on the seal's USBKey) hands the seals to a
 * stand-in for a period, approved by an authorised approver; all three sign the record on their own
 * USBKeys, which must be logged in. Every change is one ledger record.
 */
export class CustodyService {
  readonly records: CustodyRecords;

  constructor(private readonly options: CustodyOptions) {
    this.records = CustodyRecords.in(options.dataDir);
  }

  status(): CustodyStatus {
    return this.records.status(this.#now());
  }

  /** The certificate a selector names on whichever connected USBKey holds it (exactly one). */
  async locate(selector: string): Promise<CertificateOnToken> {
    const tokens = this.options.tokens();
    const found: CertificateOnToken[] = [];
    for (const token of await tokens.tokens()) {
      const known = await tokens.certificateDer(token.serial, selector).then(
        () => true,
        (error: unknown) => (error instanceof AppError && error.code === 'CERT_NOT_FOUND' ? false : Promise.reject(error)),
      );
      if (known) found.push({ serial: token.serial, certificate: selector });
    }
    const [only] = found;
    if (only === undefined) throw new AppError('CERT_NOT_FOUND', { selector });
    if (found.length > 1) throw new AppError('CERT_AMBIGUOUS', { selector });
    return only;
  }

  async delegate(request: DelegationRequest): Promise<CustodyEntry> {
    const now = this.#now();
    if (!(request.until.getTime() > request.from.getTime() && request.until.getTime() > now.getTime()))
      throw new AppError('CUSTODY_PERIOD_INVALID');
    // Asked first: a handover the center should get but cannot be queued is refused before anyone signs.
    const deliver = this.options.delivery?.ready() ?? false;
    const tokens = this.options.tokens();
    const sealToken = await this.#sealToken(request.sealToken);
    const { certificates } = await tokens.certificates(sealToken.serial);
    const seals = certificates.filter((c) => c.kind === 'seal' && c.hasPrivateKey);
    const custodian = certificates.find((c) => c.kind === 'personal' && c.hasPrivateKey);
    if (custodian === undefined) throw new AppError('CUSTODY_NO_CUSTODIAN', { token: sealToken.label });
    const standIn = await this.#party(request.standIn);
    if (standIn.certificate.kind !== 'personal' || standIn.certificate.fingerprintSha256 === custodian.fingerprintSha256)
      throw new AppError('CUSTODY_STAND_IN_INVALID', { name: standIn.party.name });
    const approver = await this.#party(request.approver);
    if (!isAuthorisedApprover(approver.certificate, this.options.settings.read().approvers))
      throw new AppError('APPROVER_NOT_AUTHORISED', { name: approver.party.name });
    if ([custodian.fingerprintSha256, standIn.certificate.fingerprintSha256].includes(approver.certificate.fingerprintSha256))
      throw new AppError('CUSTODY_APPROVER_IS_PARTY', { name: approver.party.name });
    const running = this.status().entries.find(
      (e) =>
        (e.state === 'active' || e.state === 'scheduled') &&
        seals.some((s) => e.delegation.seals.some((d) => d.fingerprintSha256 === s.fingerprintSha256)),
    );
    if (running !== undefined)
      throw new AppError('CUSTODY_ALREADY_DELEGATED', { standIn: running.delegation.standIn.name, until: running.delegation.until });

    const delegation: Delegation = DelegationSchema.parse({
      format: CUSTODY_FORMAT,
      id: `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`,
      custodian: partyOf(custodian, sealToken),
      standIn: standIn.party,
      approver: approver.party,
      token: sealToken,
      seals: seals.map((s) => ({
        name: s.subject.commonName ?? s.label,
        label: s.label,
        certificateSerial: s.serialNumber,
        fingerprintSha256: s.fingerprintSha256,
      })),
      from: request.from.toISOString(),
      until: request.until.toISOString(),
      reason: request.reason,
      pendingWork: request.pendingWork ?? '',
      handedOverAt: now.toISOString(),
    });
    const content = Buffer.from(canonicalJson(delegation), 'utf8');
    const sign = (ref: CertificateOnToken): Promise<Uint8Array> => this.#sign(ref, content, now);
    const signatures = {
      [CUSTODY_FILES.approver]: await sign(request.approver),
      [CUSTODY_FILES.custodian]: await sign({ serial: sealToken.serial, certificate: custodian.fingerprintSha256 }),
      [CUSTODY_FILES.standIn]: await sign(request.standIn),
    };
    const digest = sha256(content);
    const pdf = handoverPdf(delegation, digest);
    const folder = this.records.create(delegation.id, {
      [CUSTODY_FILES.delegation]: content,
      ...signatures,
      [CUSTODY_FILES.handoverPdf]: pdf,
    });
    await this.options.audit.record({
      kind: 'custody-delegate',
      serial: sealToken.serial,
      subject: custodian,
      approver: approver.party.name,
      document: { name: CUSTODY_FILES.delegation, sha256: digest },
      purpose: `${standIn.party.name}：${delegation.reason}`,
      output: folder,
    });
    if (deliver)
      await this.options.delivery?.queue({
        id: `custody-${delegation.id}`,
        kind: 'custody',
        title: `印章代管：${standIn.party.name}`,
        source: folder,
      });
    return this.#entry(delegation.id);
  }

  /** 收回: the delegation running or yet to begin ends now; custodian and stand-in both sign the return. */
  async takeBack(): Promise<CustodyEntry> {
    const current = this.status().entries.find((e) => e.state === 'active' || e.state === 'scheduled');
    if (current === undefined) throw new AppError('CUSTODY_NONE');
    const { delegation } = current;
    const deliver = this.options.delivery?.ready() ?? false;
    const now = this.#now();
    const record: CustodyReturn = { format: CUSTODY_FORMAT, delegation: delegation.id, returnedAt: now.toISOString() };
    const content = Buffer.from(canonicalJson(record), 'utf8');
    const custodian = await this.#sign(
      { serial: delegation.token.serial, certificate: delegation.custodian.fingerprintSha256 },
      content,
      now,
    );
    const standIn = await this.#sign(
      { serial: delegation.standIn.token.serial, certificate: delegation.standIn.fingerprintSha256 },
      content,
      now,
    );
    const digest = sha256(content);
    this.records.addReturn(delegation.id, { record: content, custodian, standIn, pdf: returnPdf(delegation, record, digest) });
    await this.options.audit.record({
      kind: 'custody-return',
      serial: delegation.token.serial,
      subject: delegation.custodian.fingerprintSha256,
      approver: null,
      document: { name: CUSTODY_FILES.return, sha256: digest },
      purpose: delegation.standIn.name,
      output: this.records.folder(delegation.id),
    });
    // The whole folder again, now with the signed return: the center keeps both submissions for the unit.
    const source = this.records.folder(delegation.id);
    if (deliver)
      await this.options.delivery?.queue({
        id: `custody-${delegation.id}-return`,
        kind: 'custody',
        title: `印章收回：${delegation.standIn.name}`,
        source,
      });
    return this.#entry(delegation.id);
  }

  async #sealToken(serial: string | undefined): Promise<{ serial: string; label: string }> {
    const tokens = this.options.tokens();
    const holding: { serial: string; label: string }[] = [];
    for (const token of await tokens.tokens()) {
      if (serial !== undefined && token.serial !== serial && token.label !== serial) continue;
      const { certificates } = await tokens.certificates(token.serial);
      if (certificates.some((c) => c.kind === 'seal' && c.hasPrivateKey)) holding.push({ serial: token.serial, label: token.label });
    }
    const [only] = holding;
    if (only === undefined || holding.length > 1) throw new AppError('SEAL_NOT_FOUND', { selector: serial ?? '-' });
    return only;
  }

  async #party(ref: CertificateOnToken): Promise<{ certificate: TokenCertificate; party: CustodyParty }> {
    const tokens = this.options.tokens();
    const { certificate } = await tokens.certificateDer(ref.serial, ref.certificate);
    const token = (await tokens.tokens()).find((t) => t.serial === ref.serial);
    return { certificate, party: partyOf(certificate, { serial: ref.serial, label: token?.label ?? '' }) };
  }

  async #sign(ref: CertificateOnToken, content: Uint8Array, now: Date): Promise<Uint8Array> {
    const signer = await this.options.tokens().signerFor(ref.serial, ref.certificate);
    return signContent(signer, content, { signingTime: now });
  }

  #entry(id: string): CustodyEntry {
    const entry = this.status().entries.find((e) => e.delegation.id === id);
    if (entry === undefined) throw new AppError('INTERNAL', { detail: `custody record ${id} unreadable after writing` });
    return entry;
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function partyOf(certificate: TokenCertificate, token: { serial: string; label: string }): CustodyParty {
  return {
    name: certificate.subject.commonName ?? certificate.label,
    subject: certificate.subject.text,
    fingerprintSha256: certificate.fingerprintSha256,
    token,
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
