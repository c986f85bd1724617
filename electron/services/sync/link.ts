import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import {
  CENTER_ROUTES,
  CLOCK_SKEW_SECONDS,
  REQUEST_NONCE_HEADER,
  requestComponents,
  RejectionBodySchema,
  RESPONSE_ACTED_ON_HEADERS,
  RESPONSE_COMPONENTS,
  SessionResponseSchema,
  SIGNATURE_LIFETIME_SECONDS,
  type SessionResponse,
} from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  certificateKeyId,
  certificateSigner,
  SessionKeyAgreement,
  sharedSecretSigner,
  signatureNonce,
  signWithDigest,
  verifyMessage,
  type MessageSigner,
  type SessionSecrets,
  type VerifyingKey,
} from '../httpsig/index.ts';
import type { Signer } from '../token/index.ts';

const REQUEST_TIMEOUT_MS = 60_000;
/** The largest answer the protocol has is reference data with 20 impressions (about 56 MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** A session this close to its end is replaced before the next request, so no request is sent into its end. */
const SESSION_RENEWAL_MARGIN_MS = 60_000;

export interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LinkOptions {
  baseUrl: string;
  /** The unit certificate's key on the token. */
  signer: Signer;
  /**
   * The center certificate responses must be signed with. At enrolment it is the one the response
   * names (checked against the trusted roots); null there means a refusal nobody can authenticate.
   */
  centerCertificate: Uint8Array | ((response: Exchange) => Uint8Array | null);
  now?: () => Date;
  /**
   * True (the default): requests are signed with a session key that the token registers once per
   * session (CENTER_ROUTES.session). False: each on the token, as enrolment must (no session before it).
   */
  sessions?: boolean;
}

/** A session as the client holds it: in memory only, for at most SESSION_LIFETIME_SECONDS. */
interface LinkSession {
  signer: MessageSigner;
  responseKey: Uint8Array;
  /** By the center's clock (ms); a client clock behind it learns of the end from `session-unknown`. */
  endsAt: number;
}

/**
 * Every exchange with the resource center: the request signed (RFC 9421 + Content-Digest) with the
 * session key the token registered, or on the token itself; the response accepted only when signed by
 * the pinned center certificate or the session's response key, and bound to this request's nonce.
 * Anything else is refused before its content is looked at.
 */
export class CenterLink {
  readonly #tokenSigner: MessageSigner;
  #session: LinkSession | null = null;
  #opening: Promise<LinkSession> | null = null;

  constructor(private readonly options: LinkOptions) {
    this.#tokenSigner = certificateSigner(options.signer);
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  url(path: string): string {
    return new URL(path, this.options.baseUrl).href;
  }

  /**
   * One request and its verified answer. A session the center no longer knows (it restarted, or the
   * session ran out) is replaced and the request sent once more. `bodySha256`: when the caller took it already.
   */
  async exchange(
    method: string,
    url: string,
    body: Uint8Array,
    headers: Record<string, string> = {},
    bodySha256?: Uint8Array,
  ): Promise<Exchange> {
    if (this.options.sessions === false) return this.#signedExchange(method, url, body, headers, bodySha256, null);
    const session = await this.#currentSession();
    const exchange = await this.#signedExchange(method, url, body, headers, bodySha256, session);
    if (!endedSession(exchange)) return exchange;
    if (this.#session === session) this.#session = null;
    return this.#signedExchange(method, url, body, headers, bodySha256, await this.#currentSession());
  }

  /** A JSON call; a refusal becomes CENTER_REJECTED with the center's reason. */
  async call<R extends z.ZodType>(method: string, path: string, body: unknown, schema: R): Promise<z.infer<R>> {
    return answerOf(await this.exchange(method, this.url(path), jsonBytes(body)), schema);
  }

  async #signedExchange(
    method: string,
    url: string,
    body: Uint8Array,
    headers: Record<string, string>,
    bodySha256: Uint8Array | undefined,
    session: LinkSession | null,
  ): Promise<Exchange> {
    const now = this.#now();
    const contentType = headers['content-type'] ?? 'application/json';
    const signed = await signWithDigest(
      { method, targetUri: url, headers: { ...headers, 'content-type': contentType } },
      body,
      session?.signer ?? this.#tokenSigner,
      {
        components: requestComponents(headers),
        now,
        lifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
        ...(bodySha256 === undefined ? {} : { bodySha256 }),
      },
    );
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const exchange = await transfer(
      method,
      url,
      hasBody ? { ...signed, 'content-length': String(body.length) } : signed,
      hasBody ? body : null,
      this.options.baseUrl,
    );
    this.#verify(exchange, signatureNonce(signed['signature-input']) ?? '', now, session);
    return exchange;
  }

  /** The session to sign with: the current one, or a new one when it is about to end (one token signature). */
  #currentSession(): Promise<LinkSession> {
    const session = this.#session;
    if (session !== null && session.endsAt - this.#now().getTime() > SESSION_RENEWAL_MARGIN_MS) return Promise.resolve(session);
    this.#opening ??= this.#openSession().finally(() => {
      this.#opening = null;
    });
    return this.#opening;
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Registers a new ephemeral key, signed on the token, and derives the session's keys from the center's answer. */
  async #openSession(): Promise<LinkSession> {
    const agreement = new SessionKeyAgreement();
    const route = CENTER_ROUTES.session;
    const request = jsonBytes({ publicKey: Buffer.from(agreement.publicKey).toString('base64') });
    const answer = answerOf(
      await this.#signedExchange(route.method, this.url(route.path), request, {}, undefined, null),
      SessionResponseSchema,
    );
    const secrets = agreedSecrets(agreement, answer);
    this.#session = {
      signer: sharedSecretSigner(answer.sessionId, secrets.requests),
      responseKey: secrets.responses,
      endsAt: Date.parse(answer.expiresAt),
    };
    return this.#session;
  }

  #verify(exchange: Exchange, nonce: string, now: Date, session: LinkSession | null): void {
    const pinned = this.options.centerCertificate;
    const certificate = typeof pinned === 'function' ? pinned(exchange) : pinned;
    if (certificate === null) {
      if (exchange.status >= 400) return;
      throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'key-unknown' });
    }
    const centerKeyId = certificateKeyId(certificate);
    const keyFor = (keyid: string): VerifyingKey | null =>
      keyid === centerKeyId ? { certificate } : keyid === session?.signer.keyid ? { sharedSecret: session.responseKey } : null;
    const actedOn = RESPONSE_ACTED_ON_HEADERS.filter((name) => exchange.headers[name] !== undefined);
    const result = verifyMessage(
      { status: exchange.status, headers: exchange.headers },
      {
        required: [...RESPONSE_COMPONENTS, ...actedOn],
        now,
        skewSeconds: CLOCK_SKEW_SECONDS,
        maxLifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
        keyFor,
        bodySha256: createHash('sha256').update(exchange.body).digest(),
      },
    );
    if (!result.ok) throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: result.reason });
    if (exchange.headers[REQUEST_NONCE_HEADER] !== nonce) throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'nonce-replayed' });
  }
}

/** The session's keys from the center's signed answer; a public key that is no P-256 point is an answer not to trust. */
function agreedSecrets(agreement: SessionKeyAgreement, answer: SessionResponse): SessionSecrets {
  try {
    return agreement.secrets(Buffer.from(answer.publicKey, 'base64'), answer.sessionId, 'client');
  } catch (cause) {
    throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'signature-invalid' }, { cause });
  }
}

const jsonBytes = (body: unknown): Uint8Array => (body === null ? new Uint8Array() : Buffer.from(JSON.stringify(body), 'utf8'));

/** A verified answer's JSON as `schema` has it; a refusal becomes CENTER_REJECTED with the center's reason. */
function answerOf<R extends z.ZodType>(exchange: Exchange, schema: R): z.infer<R> {
  const json = parseJson(exchange.body);
  if (exchange.status >= 200 && exchange.status < 300) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new AppError('CENTER_REJECTED', { reason: 'request-invalid', status: exchange.status });
  }
  throw rejection(exchange.status, json);
}

/** The center's (verified) word that the session which signed the request has ended. */
function endedSession(exchange: Exchange): boolean {
  return exchange.status === 401 && RejectionBodySchema.safeParse(parseJson(exchange.body)).data?.reason === 'session-unknown';
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * A refusal as CENTER_REJECTED: the center's reason and detail, and whether it verified the request
 * (`authenticated: 'yes'`), which alone makes a refusal final. A body that is not a refusal (tus's
 * own text) is a refusal the center did not vouch for.
 */
export function rejection(status: number, json: unknown): AppError {
  const parsed = RejectionBodySchema.safeParse(json);
  if (!parsed.success) return new AppError('CENTER_REJECTED', { reason: 'request-invalid', status, authenticated: 'no' });
  const { reason, detail, authenticated } = parsed.data;
  return new AppError('CENTER_REJECTED', {
    reason,
    status,
    authenticated: authenticated ? 'yes' : 'no',
    ...(detail === undefined ? {} : { detail }),
  });
}

/**
 * One request over node:http(s): the body handed to the socket as it is (fetch would copy it or pull it
 * through a web stream, which costs more than signing an 8 MB chunk), sent with its Content-Length so
 * the center can refuse an oversized body before reading it. The answer is read up to
 * MAX_RESPONSE_BYTES; a larger one is refused before it fills memory.
 */
function transfer(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Uint8Array | null,
  baseUrl: string,
): Promise<Exchange> {
  const unreachable = (cause: unknown) => new AppError('CENTER_UNREACHABLE', { url: baseUrl }, { cause });
  return new Promise((resolve, reject) => {
    const send = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, (response) => {
      const declared = Number(response.headers['content-length'] ?? 0);
      const chunks: Buffer[] = [];
      let size = 0;
      const refuse = (): void => {
        response.destroy();
        reject(new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'response-too-large' }));
      };
      if (declared > MAX_RESPONSE_BYTES) return refuse();
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) return refuse();
        chunks.push(chunk);
      });
      response.once('error', (error) => reject(unreachable(error)));
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders(response), body: Buffer.concat(chunks) }),
      );
    });
    request.once('error', (error) => reject(unreachable(error)));
    request.end(body ?? undefined);
  });
}

function responseHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
