import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ReferenceData } from '../../../shared/center/index.ts';
import { AppError, toWireError, type WireError } from '../../../shared/errors.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import type { CustodyEntry } from '../../../shared/model/custody.ts';
import type { DocumentLayout, SealInfo } from '../../../shared/model/seal.ts';
import type { DocumentReport } from '../../../shared/model/verification.ts';
import type { ApprovalRequested, AwaitingApproval } from '../../../shared/model/approval-request.ts';
import type { AuditTrail, RequestsFound } from '../audit/index.ts';
import { CustodyRecords, sealDelegations, sealOperator, type SealOperator } from '../custody/index.ts';
import { readTrustedRoots } from '../pki/index.ts';
import { PdfDocument, rewriteDocument, type LongTermEvidence } from '../pdf/index.ts';
import { mapConcurrently, sha256OfFile } from '../platform/index.ts';
import type { SettingsStore } from '../settings/index.ts';
import type { Signer, TokenService } from '../token/index.ts';
import { describeRequests, listedApprover, pdfPath, refuseUnlessWaiting, type ApprovalRequest } from './approval-requests.ts';
import { approverFor } from './approvers.ts';
import { ImpressionStore, type ImpressionFormat, type ImpressionMeta, type LoadedImpression } from './impressions.ts';
import { documentLayout } from './layout.ts';
import { stepOutputPaths } from './output-name.ts';
import { approveDocument, sealDocument, type OperationResult } from './operations.ts';
import type { Placement } from './placement.ts';
import { verifyDocument, type VerificationPolicy } from './verify.ts';

export interface SealDeskOptions {
  dataDir: string;
  settings: SettingsStore;
  tokens: () => TokenService;
  /** PEM files trusted besides the saved roots: the demo CA, a CLI --trust file. */
  extraRootFiles: readonly string[];
  /** Demo mode: seal certificates without an impression get a generated one. */
  demoImpressions: boolean;
  /** The resource center's time-stamps and revocation data, once enrolled with one. */
  evidence?: () => Promise<LongTermEvidence | undefined>;
  /** Every approval and seal is one record of the ledger. */
  audit: AuditTrail;
}

export interface CertificateRef {
  serial: string;
  certificate: string;
}

/** 用途: what the document is for, as the ledger lists it. */
interface Purpose {
  purpose?: string | undefined;
}

export interface SealJob extends CertificateRef, Purpose {
  input: string;
  output: string;
  overwrite: boolean;
  placement: Placement;
  crossPage: boolean;
  final: boolean;
  /** Into this empty signature field of the document instead of at `placement`. */
  field?: string | undefined;
  /** The user confirmed covering a signature already on the page. */
  allowOverlap?: boolean | undefined;
  onProgress?(fraction: number): void;
}

/**
 * 批量盖章: one placement for many documents; `outputs` names each one's output, else `output` a single
 * input's, else each derived from its original (原名-已盖章.pdf) beside it or in `outDir`.
 */
export interface SealBatch extends Omit<SealJob, 'input' | 'output' | 'onProgress'> {
  inputs: readonly string[];
  outputs?: readonly string[] | undefined;
  output?: string | undefined;
  outDir?: string | undefined;
}

export interface BatchOutcome {
  input: string;
  output: string | null;
  error: WireError | null;
}

export interface BatchProgress {
  onProgress?(index: number, fraction: number): void;
  onDone?(outcome: BatchOutcome): void;
}

/** Two documents in flight: one's fsync overlaps the next one's hashing and signature (measured in npm run bench). */
export const BATCH_CONCURRENCY = 2;

export interface ApproveJob extends CertificateRef, Purpose {
  input: string;
  output: string;
  overwrite: boolean;
  visible: Placement | null;
  field?: string | undefined;
  allowOverlap?: boolean | undefined;
  onProgress?(fraction: number): void;
}

/** The seal custodian's desk: seals and impressions, approve, seal, verify, each use recorded in the ledger. */
export class SealDeskService {
  readonly impressions: ImpressionStore;
  readonly #custody: CustodyRecords;

  constructor(readonly options: SealDeskOptions) {
    this.impressions = new ImpressionStore(join(options.dataDir, 'impressions'));
    this.#custody = CustodyRecords.in(options.dataDir);
  }

  policy(): VerificationPolicy {
    const settings = this.options.settings.read();
    const { roots, skipped } = readTrustedRoots(settings, this.options.extraRootFiles);
    return { trustedRoots: roots, skippedRoots: skipped, approvers: settings.approvers };
  }

  /** Seal certificates on every token, with their impression's size when one is bound. */
  async seals(): Promise<SealInfo[]> {
    const tokens = this.options.tokens();
    const seals: SealInfo[] = [];
    for (const token of await tokens.tokens()) {
      const { certificates } = await tokens.certificates(token.serial);
      for (const certificate of certificates.filter((c) => c.kind === 'seal' && c.hasPrivateKey)) {
        if (this.options.demoImpressions)
          this.impressions.ensureDemo(
            certificate.fingerprintSha256,
            certificate.subject.organization ?? certificate.subject.commonName ?? '',
          );
        seals.push({
          tokenSerial: token.serial,
          tokenLabel: token.label,
          certificate,
          impression: this.impressions.meta(certificate.fingerprintSha256),
        });
      }
    }
    return seals;
  }

  /** Binds an impression to one of the unit's seals; anything but a seal certificate on a token is refused. */
  async importImpression(fingerprint: string, bytes: Buffer, format: ImpressionFormat, widthMm?: number): Promise<ImpressionMeta> {
    const seals = await this.seals();
    if (!seals.some((seal) => seal.certificate.fingerprintSha256 === fingerprint))
      throw new AppError('SEAL_NOT_FOUND', { selector: fingerprint });
    return this.impressions.import(fingerprint, bytes, format, widthMm);
  }

  verify(path: string): Promise<DocumentReport> {
    return verifyDocument(path, this.policy());
  }

  /** Signatures' boxes and empty signature fields already on the document's pages, for the placement preview. */
  layout(path: string): DocumentLayout {
    return documentLayout(path);
  }

  /**
   * Follows what the center keeps for the unit: its approvers join the local list (additively: people
   * the unit added itself stay), and a seal on a connected token takes the impression the center registered.
   */
  async adoptCenterReference(reference: Pick<ReferenceData, 'approvers' | 'impressions'>): Promise<void> {
    const settings = this.options.settings.read();
    const known = new Set(settings.approvers.flatMap((a) => ('fingerprintSha256' in a ? [a.fingerprintSha256] : [])));
    const added = reference.approvers.filter((a) => !known.has(a.fingerprintSha256));
    if (added.length > 0) this.options.settings.write({ ...settings, approvers: [...settings.approvers, ...added] });
    // Listing the seals walks every token; a pass without impressions (the usual one) need not.
    if (reference.impressions.length === 0) return;
    const present = new Set((await this.seals()).map((seal) => seal.certificate.fingerprintSha256));
    for (const impression of reference.impressions) {
      const bytes = Buffer.from(impression.base64, 'base64');
      if (!present.has(impression.sealCertificate) || this.impressions.raw(impression.sealCertificate)?.bytes.equals(bytes)) continue;
      this.impressions.import(impression.sealCertificate, bytes, impression.format, impression.widthMm);
    }
  }

  /** Adds the certificate's holder to the authorised approvers (签发权人). */
  async authoriseApprover(ref: CertificateRef): Promise<void> {
    const { certificate } = await this.options.tokens().certificateDer(ref.serial, ref.certificate);
    const settings = this.options.settings.read();
    if (settings.approvers.some((a) => 'fingerprintSha256' in a && a.fingerprintSha256 === certificate.fingerprintSha256)) return;
    this.options.settings.write({ ...settings, approvers: [...settings.approvers, approverFor(certificate)] });
  }

  /** 导出/打印 of a sealed document is on record too: one ledger row naming the file and its digest, sealed with `ref`. */
  async recordExport(ref: CertificateRef, path: string): Promise<void> {
    const sha256 = await sha256OfFile(path);
    await this.options.audit.record({
      kind: 'print',
      serial: ref.serial,
      subject: ref.certificate,
      document: { name: basename(path), sha256 },
      output: path,
    });
  }

  /**
   * 送签发: the document goes on record as waiting for `approver`, one of the unit's list (the center's and
   * the unit's own), with its SHA-256 — what the approval must then be of. Nothing is signed: no PIN.
   */
  async requestApproval(request: ApprovalRequest): Promise<ApprovalRequested> {
    const path = pdfPath(request.path);
    const approver = listedApprover(this.options.settings.read().approvers, request.approver);
    refuseUnlessWaiting(path, await this.verify(path));
    const sha256 = await sha256OfFile(path);
    const { time } = await this.options.audit.record({
      kind: 'approval-request',
      serial: request.serial,
      subject: null,
      approver: approver.label,
      document: { name: basename(path), sha256 },
      purpose: request.note ?? null,
      output: path,
    });
    return { path, name: basename(path), sha256, approver: approver.label, time };
  }

  /** 首页's documents sent for approval and not approved, as they are now. */
  awaitingApproval(found: RequestsFound): Promise<AwaitingApproval[]> {
    return describeRequests(found, this.options.settings.read().approvers, this.options.tokens);
  }

  async approve(job: ApproveJob): Promise<OperationResult> {
    const signing = await this.#signing(job);
    const result = await approveDocument({ ...job, ...signing, policy: this.policy() });
    const approver = signing.signerDetails.subject.commonName ?? signing.signerDetails.label;
    await this.#record('approve', job, signing, { ...result, approvedBy: approver }, false);
    return result;
  }

  async seal(job: SealJob): Promise<OperationResult> {
    return this.#sealWith(await this.#sealing(job), job, false);
  }

  /**
   * Every document is tried; a failure is reported in its outcome and does not stop the others. The
   * seal's certificate, key, chain and impression are read from the token once for the batch; a
   * certificate reported leaked meanwhile stops the documents not yet sealed.
   */
  async sealBatch(batch: SealBatch, progress: BatchProgress = {}): Promise<BatchOutcome[]> {
    const { inputs, output, outDir, outputs: named, ...job } = batch;
    const outputs = named ?? stepOutputPaths(inputs, '已盖章', { output, outDir });
    const sealing = this.#sealing(job);
    sealing.catch(() => undefined);
    return mapConcurrently(inputs, BATCH_CONCURRENCY, async (input, index) => {
      const onProgress = (fraction: number): void => progress.onProgress?.(index, fraction);
      const outcome = await sealing
        .then((shared) => this.#sealWith(shared, { ...job, input, output: outputs[index] ?? '', onProgress }, inputs.length > 1))
        .then(
          (result) => ({ input, output: result.output, error: null }),
          (error: unknown) => ({ input, output: null, error: toWireError(error) }),
        );
      progress.onDone?.(outcome);
      return outcome;
    });
  }

  async #sealWith(sealing: Sealing, job: SealJob, batch: boolean): Promise<OperationResult> {
    this.options.tokens().refuseIfBlocked(sealing.signerDetails);
    // 代管: a stand-in seals only within the period, and the ledger names who actually operated the seal.
    const delegated = await sealOperator(sealing.delegations, this.options.tokens(), new Date());
    const result = await sealDocument({ ...job, ...sealing, policy: this.policy() });
    await this.#record('seal', job, sealing, result, batch, delegated);
    return result;
  }

  async #sealing(ref: CertificateRef): Promise<Sealing> {
    const signing = await this.#signing(ref);
    const certificate = signing.signerDetails;
    if (certificate.kind !== 'seal') throw new AppError('SEAL_NOT_FOUND', { selector: ref.certificate });
    if (this.options.demoImpressions) this.impressions.ensureDemo(certificate.fingerprintSha256, certificate.subject.organization ?? '');
    return {
      ...signing,
      impression: this.impressions.load(certificate.fingerprintSha256, certificate.subject.commonName ?? certificate.label),
      delegations: sealDelegations(this.#custody, certificate, new Date()),
    };
  }

  /** What signing with a certificate on the token takes, besides the document. */
  async #signing(ref: CertificateRef): Promise<Signing> {
    const tokens = this.options.tokens();
    const { certificate, signer, chain } = await tokens.signingKit(ref.serial, ref.certificate);
    return { signer, chain, signerDetails: certificate, evidence: await this.options.evidence?.() };
  }

  async #record(
    kind: 'approve' | 'seal',
    job: CertificateRef & Purpose & { input: string; crossPage?: boolean; final?: boolean },
    { signerDetails }: Signing,
    result: OperationResult,
    batch: boolean,
    delegated: SealOperator | null = null,
  ): Promise<void> {
    await this.options.audit.record({
      kind,
      serial: job.serial,
      subject: signerDetails,
      approver: result.approvedBy,
      document: { name: basename(job.input), sha256: result.inputSha256 },
      purpose: job.purpose ?? null,
      output: result.output,
      crossPage: job.crossPage ?? false,
      final: job.final ?? false,
      batch,
      delegated,
    });
  }
}

interface Signing {
  signer: Signer;
  chain: Uint8Array[];
  signerDetails: TokenCertificate;
  evidence: LongTermEvidence | undefined;
}

interface Sealing extends Signing {
  impression: LoadedImpression;
  /** 代管 of this seal on record, read once for a batch; a return recorded meanwhile counts from the next seal or batch. */
  delegations: readonly CustodyEntry[];
}

/**
 * 修复: a damaged, unsigned PDF rewritten into a new file (`output`, else 原名-已修复.pdf beside it) that can
 * be approved; the original is never written to, nor an existing file unless `overwrite` says so.
 */
export async function repairDocument(input: string, output?: string, overwrite = false): Promise<string> {
  const [target = input] = stepOutputPaths([input], '已修复', { output });
  if (!overwrite && existsSync(target)) throw new AppError('OUTPUT_EXISTS', { path: target });
  const document = PdfDocument.open(input);
  try {
    await rewriteDocument(document, target);
  } finally {
    document.close();
  }
  return target;
}
