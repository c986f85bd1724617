import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  CLOCK_SKEW_SECONDS,
  REQUEST_COMPONENTS,
  REQUEST_NONCE_HEADER,
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

  async exchange(method: string, url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<Exchange> {
    const now = this.options.now?.() ?? new Date();
    const contentType = headers['content-type'] ?? 'application/json';
    const signed = await signWithDigest(
      { method, targetUri: url, headers: { ...headers, 'content-type': contentType } },
      body,
      this.options.signer,
      { components: REQUEST_COMPONENTS, now, lifetimeSeconds: SIGNATURE_LIFETIME_SECONDS },
    );
    let response: Response;
    try {
      const hasBody = method !== 'GET' && method !== 'HEAD';
      response = await fetch(url, {
        method,
        ...(hasBody
          ? { headers: { ...signed, 'content-length': String(body.length) }, body: streamOf(body), duplex: 'half' }
          : { headers: signed }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AppError('CENTER_UNREACHABLE', { url: this.options.baseUrl }, { cause: error });
    }
    const exchange: Exchange = { status: response.status, headers: {}, body: await readCapped(response, MAX_RESPONSE_BYTES) };
    response.headers.forEach((value, name) => (exchange.headers[name] = value));
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

/**
 * The body as a stream of itself, which fetch sends as it is: given the bytes, it would copy them
 * first, and a fresh 8 MB copy per tus chunk costs more than signing it. Sent with its Content-Length,
 * so the center can refuse an oversized body before reading it.
 */
function streamOf(body: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
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

/** The body, up to `limit` bytes: a larger answer is refused before it fills memory. */
async function readCapped(response: Response, limit: number): Promise<Buffer> {
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = Number(response.headers.get('content-length') ?? 0) > limit ? Infinity : 0;
  for (let read = await reader?.read(); read !== undefined && !read.done && size <= limit; read = await reader?.read()) {
    size += read.value.length;
    chunks.push(read.value);
  }
  if (size > limit) {
    await reader?.cancel().catch(() => undefined);
    throw new AppError('CENTER_RESPONSE_UNTRUSTED', { reason: 'response-too-large' });
  }
  return Buffer.concat(chunks);
}
