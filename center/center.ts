import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  certificateSigner,
  sharedSecretSigner,
  signatureNonce,
  signWithDigest,
  type HttpMessage,
  type MessageSigner,
} from '../electron/services/httpsig/index.ts';
import { issueCrl, issueLeaf, type HolderKind } from '../electron/services/demo/index.ts';
import { describeCertificate, sha256Hex } from '../electron/services/pki/index.ts';
import { BUILTIN_CATALOG, catalogOf, checkedCatalog } from '../electron/services/forms/index.ts';
import {
  CENTER_ROUTES,
  centerOpenApi,
  ChangesQuerySchema,
  EnrolmentRequestSchema,
  REQUEST_NONCE_HEADER,
  RESPONSE_ACTED_ON_HEADERS,
  RESPONSE_COMPONENTS,
  SIGNATURE_LIFETIME_SECONDS,
  SessionRequestSchema,
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
  type ChangesResponse,
  type EnrolmentResponse,
  type ReferenceData,
  type Notice,
  type PublishedCatalog,
  type SubmissionReceipt,
  type CenterRejection,
  type RejectionBody,
  type SessionResponse,
} from '../shared/center/index.ts';
import {
  authenticateEnrolment,
  Rejected,
  unitFor,
  verifyUnitBody,
  verifyUnitHeaders,
  type RequestContext,
  type SignedRequest,
  type UnitSignature,
} from './auth.ts';
import { loadOrCreateAuthority, softwareSigner, type CenterAuthority } from './authority.ts';
import {
  jsonReply,
  lowercaseHeaders,
  readBody,
  receiveBody,
  receiveUnauthenticatedBody,
  requestPath,
  send,
  tusReply,
  type ReceivedBody,
  type Reply,
} from './http.ts';
import { readCenterConfig, type CenterConfig } from './config.ts';
import { SourceLimits } from './source-limits.ts';
import { centerLayout } from './layout.ts';
import { CenterStore, type SubmissionRecord, type UnitRecord } from './store.ts';
import { ocspResponse } from './ocsp.ts';
import { TimestampAuthority } from './tsa.ts';
import { parseCertificateRequest } from './requests.ts';
import { readCertificateRequest } from './certificate-requests.ts';
import { CenterUploads } from './uploads.ts';
import { CenterAnchors } from './anchors.ts';
import { CenterSessions } from './sessions.ts';
import type { AnchorRecord } from '../shared/center/index.ts';
import { AppError } from '../shared/errors.ts';

const JSON_LIMIT = 1024 * 1024;
/** An enrolment is read before its signature can be checked (the certificate is in it): a few KB. */
const ENROLMENT_LIMIT = 16 * 1024;
/** A tus PATCH carries one chunk; the client sends 8 MB. */
const CHUNK_LIMIT = 16 * 1024 * 1024;
const CHANGES_PAGE = 100;
/** Time-stamp and OCSP requests are a few hundred bytes. */
const PKI_QUERY_LIMIT = 16 * 1024;
const NOTICES_SHOWN = 50;
/**
 * Slow senders (slowloris): the headers must be in within 10 s, and a body nobody has signed yet (an
 * enrolment, a PKI query: a few KB) within 10 s more; otherwise 408 and the connection is closed.
 */
const HEADERS_TIMEOUT_MS = 10_000;
const UNAUTHENTICATED_BODY_MS = 10_000;
/** How often Node looks for connections past those deadlines. */
const TIMEOUT_CHECK_MS = 1_000;

export const DECISIONS = { accept: 'accepted', review: 'reviewing', return: 'returned', complete: 'completed' } as const;
export type Decision = keyof typeof DECISIONS;

/** One unit's lines in the operator console's `center reports`. */
export interface UnitFilings {
  unitName: string;
  reports: SubmissionRecord[];
  custody: SubmissionRecord[];
  lastAnchor: AnchorRecord | null;
}

const base64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

/**
 * The reference resource center: the signed API (enrolment, submissions, change feed), tus uploads
 * and the operator's decisions, over one SQLite file and the center's key material.
 */
export class ReferenceCenter {
  #server: Server | null = null;
  /** The protocol description never changes while the center runs, and building it (zod to JSON Schema) takes about 10 ms. */
  #openApi: Reply | undefined;
  readonly #tsa: TimestampAuthority;

  readonly #limits: SourceLimits;
  readonly #sessions = new CenterSessions();
  /** Signs the answers to requests signed with a certificate (a session's are signed with its response key). */
  readonly #responseSigner: MessageSigner;

  private constructor(
    readonly authority: CenterAuthority,
    readonly store: CenterStore,
    readonly uploads: CenterUploads,
    readonly anchors: CenterAnchors,
    private readonly config: CenterConfig,
    private readonly now: () => Date,
  ) {
    const caCertificate = new Uint8Array(authority.ca.certificate.rawData);
    this.#tsa = new TimestampAuthority(softwareSigner(authority.timestamping), [caCertificate], now);
    this.#limits = new SourceLimits(config, now);
    this.#responseSigner = certificateSigner(softwareSigner(authority.signing));
  }

  static async open(dir: string, now: () => Date = () => new Date()): Promise<ReferenceCenter> {
    const layout = centerLayout(dir);
    mkdirSync(layout.uploads, { recursive: true, mode: 0o700 });
    const authority = await loadOrCreateAuthority(dir);
    const store = new CenterStore(layout.database);
    const anchors = new CenterAnchors(layout.database);
    return new ReferenceCenter(authority, store, new CenterUploads(layout.uploads), anchors, readCenterConfig(dir), now);
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

  /** A one-time code for one unit, valid for the configured hours (24 by default). */
  createEnrolmentCode(unitName: string): string {
    const code = randomBytes(9).toString('base64url').toUpperCase();
    const now = this.now();
    this.store.addEnrolmentCode(code, unitName, now, new Date(now.getTime() + this.config.enrolmentCodeHours * 3_600_000));
    return code;
  }

  list(): SubmissionRecord[] {
    return this.store.submissions();
  }

  /**
   * What each enrolled unit's seal custodian filed — usage reports (签章和打印汇总表), custody delegations
   * and returns (印章代管) — and its ledger's last confirmed anchor; one unit's when named.
   */
  filings(unitName?: string): UnitFilings[] {
    const submissions = this.store.submissions();
    return this.store
      .units()
      .filter((unit) => unitName === undefined || unit.name === unitName)
      .map((unit) => {
        const own = submissions.filter((s) => s.unitId === unit.id);
        return {
          unitName: unit.name,
          reports: own.filter((s) => s.kind === 'usage-report'),
          custody: own.filter((s) => s.kind === 'custody'),
          lastAnchor: this.anchors.last(unit).last,
        };
      });
  }

  /**
   * The operator's decision. Completing a certificate request does what it asks first: a renewal's
   * certificate is issued (and travels to the unit with the change), a revocation is entered on the CRL.
   */
  async decide(id: string, decision: Decision, reason: string | null, unitName?: string): Promise<SubmissionRecord | null> {
    const record = this.#submissionNamed(id, unitName);
    if (record === null) return null;
    const certificate = decision === 'complete' && record.kind === 'certificate-request' ? await this.#fulfil(record) : null;
    return this.store.decide(record.unitId, id, DECISIONS[decision], reason, this.now(), certificate);
  }

  /** The operator names a submission by id, and by its unit too when two units used the same id. */
  #submissionNamed(id: string, unitName: string | undefined): SubmissionRecord | null {
    const named = this.store.submissionsWithId(id).filter((s) => unitName === undefined || s.unitName === unitName);
    if (named.length > 1) throw new AppError('CENTER_SUBMISSION_AMBIGUOUS', { id, units: named.map((s) => s.unitName).join('、') });
    return named[0] ?? null;
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
    const server = createServer(
      { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
      (req, res) => void this.#serve(req, res),
    );
    server.on('connection', (socket) => this.#limits.admitConnection(socket));
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
    this.anchors.close();
    this.store.close();
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = lowercaseHeaders(req);
    const nonce = signatureNonce(headers['signature-input']) ?? '';
    const context: RequestContext = { authenticated: false, session: null };
    let reply: Reply;
    try {
      reply = await this.#route(req, headers, context);
    } catch (error) {
      reply = refusal(error, context.authenticated);
    }
    // A HEAD answer carries no body, so the digest the signature covers must be of none.
    if (req.method === 'HEAD') reply = { ...reply, body: Buffer.alloc(0) };
    // Covered, so a man in the middle cannot move an upload (Location) or its offset (Upload-Offset).
    const covered = RESPONSE_ACTED_ON_HEADERS.filter((name) => reply.headers?.[name] !== undefined);
    const message: HttpMessage = {
      status: reply.status,
      headers: { ...reply.headers, 'content-type': reply.contentType, [REQUEST_NONCE_HEADER]: nonce },
    };
    const session = context.session;
    const signer = session === null ? this.#responseSigner : sharedSecretSigner(session.id, session.secrets.responses);
    const signed = await signWithDigest(message, reply.body, signer, {
      components: [...RESPONSE_COMPONENTS, ...covered],
      now: this.now(),
      lifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
    });
    // An unauthenticated body is never read; closing is what stops the rest of it from being sent.
    send(res, reply, signed, { close: !context.authenticated && reply.status >= 400 });
  }

  async #route(req: IncomingMessage, headers: Record<string, string>, context: RequestContext): Promise<Reply> {
    const target = requestPath(req.url);
    const method = req.method ?? 'GET';
    // Open routes sign nothing of the request, so any Host will do (openssl ocsp sends none with a port).
    const open = await this.#openRoute(req, headers, method, new URL(target, 'http://center.invalid').pathname);
    if (open !== null) return open;
    const url = new URL(target, this.#origin(headers));
    const message = { method, targetUri: url.href, headers };
    if (method === CENTER_ROUTES.enrol.method && url.pathname === CENTER_ROUTES.enrol.path) {
      this.#limits.assertEnrolmentAllowed(req.socket.remoteAddress ?? '');
      const body = await receiveUnauthenticatedBody(req, ENROLMENT_LIMIT, UNAUTHENTICATED_BODY_MS);
      const request: SignedRequest = { message, body, now: this.now() };
      return jsonReply(await this.#enrol(request, context, req.socket.remoteAddress ?? ''));
    }
    // Everything else needs an enrolled unit's signature, even to learn that a path does not exist,
    // and the signature is checked on the headers before the body is read.
    const signature = verifyUnitHeaders(message, this.store, this.#sessions, this.now());
    context.session = signature.session;
    const isUpload = CenterUploads.isUploadPath(url.pathname);
    const chunk = isUpload && method === 'PATCH' ? await this.#storeArrivingChunk(req, url, headers, signature, context) : null;
    if (chunk !== null) return tusReply(chunk);
    const body = await receiveBody(req, isUpload ? CHUNK_LIMIT : JSON_LIMIT);
    const request: SignedRequest = { message, body, now: this.now() };
    const certificate = verifyUnitBody(request, signature, this.store);
    context.authenticated = true;
    const unit = unitFor(this.store, certificate, request.now);
    if (isUpload) return tusReply(await this.uploads.handle(url.href, method, headers, request.body, unit.id));
    if (method === CENTER_ROUTES.session.method && url.pathname === CENTER_ROUTES.session.path)
      return jsonReply(this.#openSession(request, signature));
    if (method === CENTER_ROUTES.changes.method && url.pathname === CENTER_ROUTES.changes.path) return jsonReply(this.#changes(unit, url));
    if (method === CENTER_ROUTES.reference.method && url.pathname === CENTER_ROUTES.reference.path)
      return jsonReply({
        approvers: this.store.approvers(unit.name),
        impressions: this.store.impressions(unit.name),
        notices: this.store.notices(NOTICES_SHOWN),
        catalogRevision: this.catalog().revision,
      } satisfies ReferenceData);
    if (method === CENTER_ROUTES.catalog.method && url.pathname === CENTER_ROUTES.catalog.path) return jsonReply(this.catalog());
    if (method === CENTER_ROUTES.anchor.method && url.pathname === CENTER_ROUTES.anchor.path)
      return jsonReply(this.anchors.anchor(unit, Buffer.concat(request.body.pieces), request.now));
    if (method === CENTER_ROUTES.lastAnchor.method && url.pathname === CENTER_ROUTES.lastAnchor.path)
      return jsonReply(this.anchors.last(unit));
    const submission = /^\/v1\/submissions\/([^/]+)$/.exec(url.pathname);
    if (method === CENTER_ROUTES.submit.method && submission?.[1] !== undefined)
      return jsonReply(await this.#submit(request, unit, submission[1]));
    throw new Rejected('not-found', 404);
  }

  /**
   * A chunk for one of the unit's uploads, written while it arrives and kept only once its digest and
   * nonce check out. Null when the unit may not use its certificate now or the chunk does not fit
   * the upload: the body is then read and checked first, so the refusal is one the center vouches for.
   */
  async #storeArrivingChunk(
    req: IncomingMessage,
    url: URL,
    headers: Record<string, string>,
    signature: UnitSignature,
    context: RequestContext,
  ): Promise<Response | null> {
    const now = this.now();
    const unit = this.#usableUnit(signature.certificate, now);
    if (unit === null) return null;
    const message = { method: 'PATCH', targetUri: url.href, headers };
    return this.uploads.storeArrivingChunk(url.pathname, headers, unit.id, {
      receive: (onPiece) => receiveBody(req, CHUNK_LIMIT, onPiece),
      verify: (body) => {
        verifyUnitBody({ message, body, now }, signature, this.store);
        context.authenticated = true;
      },
      abandon: () => req.destroy(),
    });
  }

  #usableUnit(keyid: string, now: Date): UnitRecord | null {
    try {
      return unitFor(this.store, keyid, now);
    } catch {
      return null;
    }
  }

  /**
   * The origin `@target-uri` is rebuilt with: the Host header only chooses among the origins this
   * center answers for (where it listens, and the configured public ones), so a request signed for
   * another host name fails its signature.
   */
  #origin(headers: Record<string, string>): string {
    const host = headers['host'];
    if (host === undefined || !HOST_PATTERN.test(host)) throw new Rejected('request-invalid', 400);
    const origin = `http://${host.toLowerCase()}`;
    if (!this.#origins().has(origin)) throw new Rejected('request-invalid', 421);
    return origin;
  }

  #origins(): Set<string> {
    const address = this.#server?.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...this.config.origins.map((o) => new URL(o).origin)]);
  }

  /**
   * What needs no unit signature: the protocol description and the PKI services any validator uses
   * (RFC 3161 time-stamps, the CRL, OCSP), whose answers are signed themselves. Null for anything else.
   */
  async #openRoute(req: IncomingMessage, headers: Record<string, string>, method: string, path: string): Promise<Reply | null> {
    const binary = async (requestType: string, replyType: string, answer: (body: Buffer) => Promise<Uint8Array>): Promise<Reply> => {
      if (headers['content-type'] !== requestType) throw new Rejected('request-invalid', 415);
      return {
        status: 200,
        contentType: replyType,
        body: Buffer.from(await answer(await readBody(req, PKI_QUERY_LIMIT, UNAUTHENTICATED_BODY_MS))),
      };
    };
    if (method === 'GET' && path === '/v1/openapi.json') return (this.#openApi ??= jsonReply(centerOpenApi()));
    if (method === 'GET' && path === CRL_PATH) return { status: 200, contentType: CRL_TYPE, body: Buffer.from(await this.crl()) };
    if (method === 'POST' && path === TIMESTAMP_PATH)
      return binary(TIMESTAMP_QUERY_TYPE, TIMESTAMP_REPLY_TYPE, (body) => this.#tsa.respond(body));
    if (method === 'POST' && path === OCSP_PATH) {
      const register = this.store.register().map((r) => ({ der: r.der, revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt) }));
      return binary(OCSP_REQUEST_TYPE, OCSP_RESPONSE_TYPE, (body) => ocspResponse(body, this.authority.ca, register, this.now()));
    }
    return null;
  }

  async #enrol(request: SignedRequest, context: RequestContext, source: string): Promise<EnrolmentResponse> {
    try {
      return await this.#enrolUnit(request, context);
    } catch (error) {
      this.#limits.recordEnrolmentFailure(source);
      throw error;
    }
  }

  async #enrolUnit(request: SignedRequest, context: RequestContext): Promise<EnrolmentResponse> {
    const body = EnrolmentRequestSchema.parse(parseJson(request.body));
    const presented = Buffer.from(body.unitCertificate, 'base64');
    const thumbprint = await authenticateEnrolment(request, this.store, this.authority, presented, context);
    const unitName = describeCertificate(presented).subject.organization ?? '';
    const id = createHash('sha256').update(unitName).digest('hex').slice(0, 16);
    const outcome = this.store.enrol(body.code, { id, name: unitName, certificate: thumbprint }, request.now);
    if (outcome.unit === null) throw new Rejected('enrolment-code-invalid', 403, outcome.problem);
    const unit = outcome.unit;
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
    const existing = this.store.submission(unit.id, id);
    if (existing === null) {
      for (const part of body.parts) {
        const stored = await this.uploads.finished(part.uploadId, unit.id);
        if (stored === null || stored.size !== part.size || stored.blocksSha256 !== part.blocksSha256)
          throw new Rejected('upload-incomplete', 409);
      }
    }
    const record = existing ?? this.store.receive({ id, unitId: unit.id, ...body, receivedAt: request.now.toISOString() });
    return { id: record.id, status: record.status, receivedAt: record.receivedAt };
  }

  /** Only the unit certificate's key may register a session: a session cannot prolong itself without the token. */
  #openSession(request: SignedRequest, signature: UnitSignature): SessionResponse {
    if (signature.session !== null) throw new Rejected('operation-not-allowed', 403, 'a session is registered with the unit certificate');
    const body = SessionRequestSchema.parse(parseJson(request.body));
    return this.#sessions.open(signature.certificate, Buffer.from(body.publicKey, 'base64'), request.now);
  }

  #changes(unit: UnitRecord, url: URL): ChangesResponse {
    const { after } = ChangesQuerySchema.parse(Object.fromEntries(url.searchParams));
    const changes = this.store.changes(unit.id, after, CHANGES_PAGE);
    return { changes, cursor: changes.at(-1)?.cursor ?? after };
  }
}

function parseJson(body: ReceivedBody): unknown {
  try {
    return JSON.parse(Buffer.concat(body.pieces).toString('utf8'));
  } catch {
    throw new Rejected('request-invalid', 400);
  }
}

/** A Host header as RFC 9110 allows it here: a DNS name or IPv4/IPv6 literal and an optional port. */
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/** `authenticated`: the request's signature held, so the refusal is final for it (RejectionBody). */
function refusal(error: unknown, authenticated: boolean): Reply {
  const body = (reason: CenterRejection, detail: string | undefined, status: number): Reply =>
    jsonReply({ reason, ...(detail === undefined ? {} : { detail }), authenticated } satisfies RejectionBody, status);
  if (error instanceof Rejected) return body(error.reason, error.detail, error.status);
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return body('request-invalid', issue === undefined ? undefined : `${issue.path.join('.')}: ${issue.message}`, 400);
  }
  process.stderr.write(`center: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return body('request-invalid', 'internal error', 500);
}
