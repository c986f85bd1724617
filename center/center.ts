import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { signatureNonce, signWithDigest, type HttpMessage } from '../electron/services/httpsig/index.ts';
import { issueCrl, issueLeaf, type HolderKind } from '../electron/services/demo/index.ts';
import { describeCertificate, sha256Hex } from '../electron/services/pki/index.ts';
import { BUILTIN_CATALOG, catalogOf, checkedCatalog } from '../electron/services/forms/index.ts';
import {
  CENTER_ROUTES,
  centerOpenApi,
  ChangesQuerySchema,
  EnrolmentRequestSchema,
  REQUEST_NONCE_HEADER,
  RESPONSE_COMPONENTS,
  SIGNATURE_LIFETIME_SECONDS,
  SubmissionIdSchema,
  SubmissionRequestSchema,
  CRL_PATH,
  CRL_TYPE,
  OCSP_PATH,
  OCSP_REQUEST_TYPE,
  OCSP_RESPONSE_TYPE,
  TIMESTAMP_PATH,
  TIMESTAMP_QUERY_TYPE,
  TIMESTAMP_REPLY_TYPE,
  UPLOADS_PATH,
  type ChangesResponse,
  type EnrolmentResponse,
  type ReferenceData,
  type Notice,
  type PublishedCatalog,
  type SubmissionReceipt,
} from '../shared/center/index.ts';
import { authenticateEnrolment, authenticateUnit, Rejected, type SignedRequest } from './auth.ts';
import { loadOrCreateAuthority, softwareSigner, type CenterAuthority } from './authority.ts';
import { jsonReply, lowercaseHeaders, readBody, send, tusReply, type Reply } from './http.ts';
import { centerLayout } from './layout.ts';
import { CenterStore, type SubmissionRecord, type UnitRecord } from './store.ts';
import { ocspResponse } from './ocsp.ts';
import { TimestampAuthority } from './tsa.ts';
import { parseCertificateRequest } from './requests.ts';
import { readCertificateRequest } from './certificate-requests.ts';
import { CenterUploads } from './uploads.ts';

const JSON_LIMIT = 1024 * 1024;
/** A tus PATCH carries one chunk; the client sends 8 MB. */
const CHUNK_LIMIT = 16 * 1024 * 1024;
const CHANGES_PAGE = 100;
/** Time-stamp and OCSP requests are a few hundred bytes. */
const PKI_QUERY_LIMIT = 16 * 1024;
const NOTICES_SHOWN = 50;

export const DECISIONS = { accept: 'accepted', review: 'reviewing', return: 'returned', complete: 'completed' } as const;
export type Decision = keyof typeof DECISIONS;

const base64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

/**
 * The reference resource center: the signed API (enrolment, submissions, change feed), tus uploads
 * and the operator's decisions, over one SQLite file and the center's key material.
 */
export class ReferenceCenter {
  #server: Server | null = null;
  readonly #tsa: TimestampAuthority;

  private constructor(
    readonly authority: CenterAuthority,
    readonly store: CenterStore,
    readonly uploads: CenterUploads,
    private readonly now: () => Date,
  ) {
    const caCertificate = new Uint8Array(authority.ca.certificate.rawData);
    this.#tsa = new TimestampAuthority(softwareSigner(authority.timestamping), [caCertificate], now);
  }

  static async open(dir: string, now: () => Date = () => new Date()): Promise<ReferenceCenter> {
    const layout = centerLayout(dir);
    mkdirSync(layout.uploads, { recursive: true, mode: 0o700 });
    const authority = await loadOrCreateAuthority(dir);
    return new ReferenceCenter(authority, new CenterStore(layout.database), new CenterUploads(layout.uploads), now);
  }

  /** Puts a certificate the CA issued on the register, so requests signed with it can be checked for revocation. */
  register(der: Uint8Array): void {
    const details = describeCertificate(der);
    this.store.addCertificate({
      thumbprint: sha256Hex(der),
      der: Buffer.from(der),
      subject: details.subject.commonName ?? '',
      kind: details.kind,
      notAfter: details.notAfter,
    });
  }

  /**
   * Issues a certificate for a PKCS#10 request whose signature proves the requester holds the key: the
   * subject it asks for, the profile of `kind`, one year. The certificate goes on the register.
   */
  async issueForRequest(csrDer: Uint8Array, kind: HolderKind): Promise<Uint8Array> {
    const request = parseCertificateRequest(csrDer);
    if (request === null || !(await request.verify().catch(() => false))) throw new Rejected('certificate-request-invalid', 400);
    const spki = new Uint8Array(request.publicKey.rawData);
    const issued = await issueLeaf(this.authority.ca, spki, { kind, subject: request.subject, validDays: 365 }, this.now());
    const der = new Uint8Array(issued.rawData);
    this.register(der);
    return der;
  }

  /** Revokes a certificate on the register; requests signed with it are refused from now on. */
  revoke(thumbprint: string, reason: string): boolean {
    return this.store.revoke(thumbprint, reason, this.now());
  }

  /** The CA's CRL as of now, listing every certificate revoked on the register. */
  crl(): Promise<Uint8Array> {
    const revoked = this.store.revoked().map((r) => ({ certificate: r.der, revokedAt: new Date(r.revokedAt) }));
    return issueCrl(this.authority.ca, revoked, this.now());
  }

  /** The operator names who may approve (签发) for a unit; the unit's SealDesk picks this up on its next sync. */
  authoriseApprover(unitName: string, certificate: Uint8Array): void {
    const details = describeCertificate(certificate);
    this.store.addApprover(unitName, {
      label: details.subject.commonName ?? details.subject.text,
      fingerprintSha256: sha256Hex(certificate),
    });
  }

  /** The operator registers a seal's official impression; the unit's SealDesk binds it on its next sync. */
  registerImpression(unitName: string, sealCertificate: Uint8Array, image: { format: 'svg' | 'png'; data: Buffer; widthMm: number }): void {
    this.store.setImpression(unitName, { sealCertificate: sha256Hex(sealCertificate), ...image });
  }

  publishNotice(title: string, body: string): Notice {
    return this.store.publishNotice(title, body, this.now());
  }

  /** The forms and working-day calendar units follow: what the operator published, or the app's own. */
  catalog(): PublishedCatalog {
    const stored = this.store.publishedCatalog();
    return stored === null ? BUILTIN_CATALOG : checkedCatalog(JSON.parse(stored));
  }

  /** Publishes new forms and a new calendar (`{forms, calendar}`); units take them on their next sync. */
  publishCatalog(content: unknown): PublishedCatalog {
    const catalog = catalogOf(content, this.now());
    this.store.publishCatalog(JSON.stringify(catalog));
    return catalog;
  }

  createEnrolmentCode(unitName: string): string {
    const code = randomBytes(9).toString('base64url').toUpperCase();
    this.store.addEnrolmentCode(code, unitName, this.now());
    return code;
  }

  list(): SubmissionRecord[] {
    return this.store.submissions();
  }

  /**
   * The operator's decision. Completing a certificate request does what it asks first: a renewal's
   * certificate is issued (and travels to the unit with the change), a revocation is entered on the CRL.
   */
  async decide(id: string, decision: Decision, reason: string | null): Promise<SubmissionRecord | null> {
    const record = this.store.submission(id);
    if (record === null) return null;
    const certificate = decision === 'complete' && record.kind === 'certificate-request' ? await this.#fulfil(record) : null;
    return this.store.decide(id, DECISIONS[decision], reason, this.now(), certificate);
  }

  /** Only a registered, unrevoked certificate may ask; a renewal only with the key being replaced. */
  async #fulfil(record: SubmissionRecord): Promise<string | null> {
    const { request, signer } = await readCertificateRequest(record, this.uploads, this.authority.encryption.key, this.uploads.directory);
    const signedBy = this.store.certificate(sha256Hex(signer));
    if (signedBy === null || signedBy.revokedAt !== null) throw new Rejected('certificate-request-invalid', 403);
    if (request.type === 'revocation') {
      this.revoke(request.certificate, request.reason);
      return null;
    }
    if (signedBy.thumbprint !== request.replaces) throw new Rejected('certificate-request-invalid', 403);
    return base64(await this.issueForRequest(Buffer.from(request.csr, 'base64'), request.certificateKind));
  }

  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => void this.#serve(req, res));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
    });
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server !== null) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    this.store.close();
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = lowercaseHeaders(req);
    const nonce = signatureNonce(headers['signature-input']) ?? '';
    let reply: Reply;
    try {
      reply = await this.#route(req, headers);
    } catch (error) {
      reply = refusal(error);
    }
    const message: HttpMessage = { status: reply.status, headers: { 'content-type': reply.contentType, [REQUEST_NONCE_HEADER]: nonce } };
    const signed = await signWithDigest(message, reply.body, softwareSigner(this.authority.signing), {
      components: RESPONSE_COMPONENTS,
      now: this.now(),
      lifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
    });
    send(res, reply, signed);
  }

  async #route(req: IncomingMessage, headers: Record<string, string>): Promise<Reply> {
    const url = new URL(req.url ?? '/', `http://${headers['host'] ?? '127.0.0.1'}`);
    const method = req.method ?? 'GET';
    const open = await this.#openRoute(req, headers, method, url.pathname);
    if (open !== null) return open;
    const isUpload = url.pathname === UPLOADS_PATH || url.pathname.startsWith(`${UPLOADS_PATH}/`);
    const body = await readBody(req, isUpload ? CHUNK_LIMIT : JSON_LIMIT);
    const request: SignedRequest = { message: { method, targetUri: url.href, headers }, body, now: this.now() };
    if (method === CENTER_ROUTES.enrol.method && url.pathname === CENTER_ROUTES.enrol.path) return jsonReply(await this.#enrol(request));
    // Everything else needs an enrolled unit's signature, even to learn that a path does not exist.
    const unit = authenticateUnit(request, this.store);
    if (isUpload) return tusReply(await this.uploads.handle(url.href, method, headers, body, unit.id));
    if (method === CENTER_ROUTES.changes.method && url.pathname === CENTER_ROUTES.changes.path) return jsonReply(this.#changes(unit, url));
    if (method === CENTER_ROUTES.reference.method && url.pathname === CENTER_ROUTES.reference.path)
      return jsonReply({
        approvers: this.store.approvers(unit.name),
        impressions: this.store.impressions(unit.name),
        notices: this.store.notices(NOTICES_SHOWN),
        catalogRevision: this.catalog().revision,
      } satisfies ReferenceData);
    if (method === CENTER_ROUTES.catalog.method && url.pathname === CENTER_ROUTES.catalog.path) return jsonReply(this.catalog());
    const submission = /^\/v1\/submissions\/([^/]+)$/.exec(url.pathname);
    if (method === CENTER_ROUTES.submit.method && submission?.[1] !== undefined)
      return jsonReply(await this.#submit(request, unit, decodeURIComponent(submission[1])));
    throw new Rejected('not-found', 404);
  }

  /**
   * What needs no unit signature: the protocol description and the PKI services any validator uses
   * (RFC 3161 time-stamps, the CRL, OCSP), whose answers are signed themselves. Null for anything else.
   */
  async #openRoute(req: IncomingMessage, headers: Record<string, string>, method: string, path: string): Promise<Reply | null> {
    const binary = async (requestType: string, replyType: string, answer: (body: Buffer) => Promise<Uint8Array>): Promise<Reply> => {
      if (headers['content-type'] !== requestType) throw new Rejected('request-invalid', 415);
      return { status: 200, contentType: replyType, body: Buffer.from(await answer(await readBody(req, PKI_QUERY_LIMIT))) };
    };
    if (method === 'GET' && path === '/v1/openapi.json') return jsonReply(centerOpenApi());
    if (method === 'GET' && path === CRL_PATH) return { status: 200, contentType: CRL_TYPE, body: Buffer.from(await this.crl()) };
    if (method === 'POST' && path === TIMESTAMP_PATH)
      return binary(TIMESTAMP_QUERY_TYPE, TIMESTAMP_REPLY_TYPE, (body) => this.#tsa.respond(body));
    if (method === 'POST' && path === OCSP_PATH) {
      const register = this.store.register().map((r) => ({ der: r.der, revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt) }));
      return binary(OCSP_REQUEST_TYPE, OCSP_RESPONSE_TYPE, (body) => ocspResponse(body, this.authority.ca, register, this.now()));
    }
    return null;
  }

  async #enrol(request: SignedRequest): Promise<EnrolmentResponse> {
    const body = EnrolmentRequestSchema.parse(parseJson(request.body));
    const presented = Buffer.from(body.unitCertificate, 'base64');
    const thumbprint = await authenticateEnrolment(request, this.store, this.authority, presented);
    const unitName = describeCertificate(presented).subject.organization ?? '';
    const id = createHash('sha256').update(unitName).digest('hex').slice(0, 16);
    const unit = this.store.enrol(body.code, { id, name: unitName, certificate: thumbprint }, request.now);
    if (unit === null) throw new Rejected('enrolment-code-invalid', 403);
    return {
      unitId: unit.id,
      unitName: unit.name,
      signingCertificate: base64(this.authority.signing.certificate),
      encryptionCertificate: base64(this.authority.encryption.certificate),
      caCertificates: [base64(new Uint8Array(this.authority.ca.certificate.rawData))],
    };
  }

  async #submit(request: SignedRequest, unit: UnitRecord, rawId: string): Promise<SubmissionReceipt> {
    const id = SubmissionIdSchema.parse(rawId);
    const body = SubmissionRequestSchema.parse(parseJson(request.body));
    const existing = this.store.submission(id);
    if (existing !== null && existing.unitId !== unit.id) throw new Rejected('operation-not-allowed', 403);
    if (existing === null) {
      for (const part of body.parts) {
        const stored = await this.uploads.finished(part.uploadId, unit.id);
        if (stored === null || stored.size !== part.size || stored.sha256 !== part.sha256) throw new Rejected('upload-incomplete', 409);
      }
    }
    const record = existing ?? this.store.receive({ id, unitId: unit.id, ...body, receivedAt: request.now.toISOString() });
    return { id: record.id, status: record.status, receivedAt: record.receivedAt };
  }

  #changes(unit: UnitRecord, url: URL): ChangesResponse {
    const { after } = ChangesQuerySchema.parse(Object.fromEntries(url.searchParams));
    const changes = this.store.changes(unit.id, after, CHANGES_PAGE);
    return { changes, cursor: changes.at(-1)?.cursor ?? after };
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Rejected('request-invalid', 400);
  }
}

function refusal(error: unknown): Reply {
  if (error instanceof Rejected) return jsonReply({ reason: error.reason }, error.status);
  if (error instanceof z.ZodError) return jsonReply({ reason: 'request-invalid', detail: error.issues[0]?.message }, 400);
  process.stderr.write(`center: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return jsonReply({ reason: 'request-invalid', detail: 'internal error' }, 500);
}
