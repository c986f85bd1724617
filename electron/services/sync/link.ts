import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import {
  CLOCK_SKEW_SECONDS,
  REQUEST_NONCE_HEADER,
  requestComponents,
  RejectionBodySchema,
  RESPONSE_ACTED_ON_HEADERS,
  RESPONSE_COMPONENTS,
  SIGNATURE_LIFETIME_SECONDS,
} from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { certificateKeyId, signatureNonce, signWithDigest, verifyMessage } from '../httpsig/index.ts';
import type { Signer } from '../token/index.ts';

const REQUEST_TIMEOUT_MS = 60_000;
/** The largest answer the protocol has is reference data with 20 impressions (about 56 MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

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
}

/**
 * Every exchange with the resource center: the request signed on the token (RFC 9421 + Content-
 * Digest), the response accepted only when signed by the pinned center certificate and bound to this
 * request's nonce. Anything else is refused before its content is looked at.
 */
export class CenterLink {
  constructor(private readonly options: LinkOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  url(path: string): string {
    return new URL(path, this.options.baseUrl).href;
  }

  /** `bodySha256`: the body's SHA-256 when the caller took it already. */
  async exchange(
    method: string,
    url: string,
    body: Uint8Array,
    headers: Record<string, string> = {},
    bodySha256?: Uint8Array,
  ): Promise<Exchange> {
    const now = this.options.now?.() ?? new Date();
    const contentType = headers['content-type'] ?? 'application/json';
    const signed = await signWithDigest(
      { method, targetUri: url, headers: { ...headers, 'content-type': contentType } },
      body,
      this.options.signer,
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
    this.#verify(exchange, signatureNonce(signed['signature-input']) ?? '', now);
    return exchange;
  }

  /** A JSON call; a refusal becomes CENTER_REJECTED with the center's reason. */
  async call<R extends z.ZodType>(method: string, path: string, body: unknown, schema: R): Promise<z.infer<R>> {
    const bytes = body === null ? new Uint8Array() : Buffer.from(JSON.stringify(body), 'utf8');
    const exchange = await this.exchange(method, this.url(path), bytes);
    const json = parseJson(exchange.body);
    if (exchange.status >= 200 && exchange.status < 300) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new AppError('CENTER_REJECTED', { reason: 'request-invalid', status: exchange.status });
    }
    throw rejection(exchange.status, json);
  }

  #verify(exchange: Exchange, nonce: string, now: Date): void {
    const pinned = this.options.centerCertificate;
    const certificate = typeof pinned === 'function' ? pinned(exchange) : pinned;
    if (certificate === null) {
      if (exchange.status >= 400) return;
      throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'key-unknown' });
    }
    const actedOn = RESPONSE_ACTED_ON_HEADERS.filter((name) => exchange.headers[name] !== undefined);
    const result = verifyMessage(
      { status: exchange.status, headers: exchange.headers },
      {
        required: [...RESPONSE_COMPONENTS, ...actedOn],
        now,
        skewSeconds: CLOCK_SKEW_SECONDS,
        maxLifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
        certificateFor: (keyid) => (keyid === certificateKeyId(certificate) ? certificate : null),
        bodySha256: createHash('sha256').update(exchange.body).digest(),
      },
    );
    if (!result.ok) throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: result.reason });
    if (exchange.headers[REQUEST_NONCE_HEADER] !== nonce) throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'nonce-replayed' });
  }
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
