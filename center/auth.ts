import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import {
  certificateKeyId,
  verifyContent,
  verifyMessage,
  verifySignature,
  type HttpMessage,
  type SignatureCheck,
  type VerifyingKey,
} from '../electron/services/httpsig/index.ts';
import { describeCertificate } from '../electron/services/pki/index.ts';
import {
  CLOCK_SKEW_SECONDS,
  requestComponents,
  SESSION_KEY_ID_PREFIX,
  SIGNATURE_LIFETIME_SECONDS,
  type CenterRejection,
} from '../shared/center/index.ts';
import type { CenterAuthority } from './authority.ts';
import type { ReceivedBody } from './http.ts';
import type { CenterSession, CenterSessions } from './sessions.ts';
import type { CenterStore, UnitRecord } from './store.ts';

export class Rejected extends Error {
  constructor(
    readonly reason: CenterRejection,
    readonly status = 401,
    /** What exactly was wrong, for the person reading the refusal (RejectionBody.detail). */
    readonly detail?: string,
  ) {
    super(reason);
  }
}

/**
 * Whether the request's signature (with its body's digest and a fresh nonce) held: only a refusal of
 * such a request is the center's word on it, and says so, so a client can treat it as final.
 */
export interface RequestContext {
  authenticated: boolean;
  /** The session whose key signed the request: its answer is signed with the session's response key. */
  session: CenterSession | null;
}

export interface SignedRequest {
  message: HttpMessage;
  body: ReceivedBody;
  now: Date;
}

const policy = (message: HttpMessage, now: Date) => ({
  required: requestComponents(message.headers),
  now,
  skewSeconds: CLOCK_SKEW_SECONDS,
  maxLifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
});

type NonceMemory = (keyid: string, nonce: string, expires: number, now: number) => boolean;

/** Nonces of a certificate's signatures are kept on disk; a session's die with it, in memory (CenterSession). */
const storedNonces =
  (store: CenterStore): NonceMemory =>
  (keyid, nonce, expires, now) =>
    store.rememberNonce(keyid, nonce, expires, now);

const contentPolicy = (body: ReceivedBody, now: Date, remember: NonceMemory) => ({
  bodySha256: body.sha256,
  rememberNonce: (keyid: string, nonce: string, expires: number) => remember(keyid, nonce, expires, Math.floor(now.getTime() / 1000)),
});

/** Verifies the signature with a certificate the caller already trusts for this request; throws Rejected. */
function verifyWith(request: SignedRequest, store: CenterStore, certificate: { thumbprint: string; der: Uint8Array }): string {
  const result = verifyMessage(request.message, {
    ...policy(request.message, request.now),
    keyFor: (keyid) => (keyid === certificate.thumbprint ? { certificate: certificate.der } : null),
    ...contentPolicy(request.body, request.now, storedNonces(store)),
  });
  if (!result.ok) throw new Rejected(result.reason);
  return result.keyid;
}

/** Status is checked after the signature, so an unauthenticated caller learns nothing about a certificate. */
function assertUsable(store: CenterStore, thumbprint: string, now: Date): void {
  const record = store.certificate(thumbprint);
  if (record === null) throw new Rejected('key-unknown');
  if (record.revokedAt !== null) throw new Rejected('certificate-revoked');
  if (new Date(record.notAfter) < now) throw new Rejected('certificate-expired');
}

/** A request whose headers carry an enrolled unit's valid signature; its body is still to be read and checked. */
export interface UnitSignature {
  check: Extract<SignatureCheck, { ok: true }>;
  /** Thumbprint of the unit certificate behind the signature: its own key's, or the one that registered the session. */
  certificate: string;
  /** The session whose key signed, or null when the unit certificate's key did. */
  session: CenterSession | null;
}

/**
 * First half of a unit's request, on the headers alone: the signature must hold under an enrolled
 * unit certificate, or a session one registered, before the center reads a single byte of the body.
 * Throws Rejected; `session-unknown` for a session that ended, so the client registers a new one.
 */
export function verifyUnitHeaders(message: HttpMessage, store: CenterStore, sessions: CenterSessions, now: Date): UnitSignature {
  const named: { session: CenterSession | null; isSession: boolean } = { session: null, isSession: false };
  const keyFor = (keyid: string): VerifyingKey | null => {
    if (!keyid.startsWith(SESSION_KEY_ID_PREFIX)) {
      const der = store.enrolledCertificate(keyid);
      return der === null ? null : { certificate: der };
    }
    named.isSession = true;
    named.session = sessions.find(keyid, now);
    return named.session === null ? null : { sharedSecret: named.session.secrets.requests };
  };
  const check = verifySignature(message, { ...policy(message, now), keyFor });
  if (!check.ok) throw new Rejected(check.reason === 'key-unknown' && named.isSession ? 'session-unknown' : check.reason);
  return { check, certificate: named.session?.certificate ?? check.keyid, session: named.session };
}

/** Second half: the body against the signed digest, then the nonce. Returns the unit certificate's thumbprint; throws Rejected. */
export function verifyUnitBody(request: SignedRequest, signature: UnitSignature, store: CenterStore): string {
  const session = signature.session;
  const remember: NonceMemory =
    session === null ? storedNonces(store) : (_keyid, nonce, expires, now) => session.rememberNonce(nonce, expires, now);
  const result = verifyContent(request.message, signature.check, contentPolicy(request.body, request.now, remember));
  if (!result.ok) throw new Rejected(result.reason);
  return signature.certificate;
}

/** The enrolled unit behind a verified request, once its certificate's standing allows it. */
export function unitFor(store: CenterStore, keyid: string, now: Date): UnitRecord {
  assertUsable(store, keyid, now);
  const unit = store.unitByCertificate(keyid);
  if (unit === null) throw new Rejected('key-unknown');
  return unit;
}

/**
 * Enrolment: the request is signed with the unit certificate it presents, which must come from this
 * center's CA, be on its register, and be a unit certificate (a personal or seal one may not enrol).
 */
export async function authenticateEnrolment(
  request: SignedRequest,
  store: CenterStore,
  authority: CenterAuthority,
  presented: Uint8Array,
  context: RequestContext,
): Promise<string> {
  const thumbprint = certificateKeyId(presented);
  verifyWith(request, store, { thumbprint, der: presented });
  context.authenticated = true;
  const certificate = new x509.X509Certificate(new Uint8Array(presented));
  const issuedHere = await certificate.verify({ publicKey: authority.ca.certificate.publicKey, signatureOnly: true }).catch(() => false);
  if (!issuedHere) throw new Rejected('key-unknown');
  assertUsable(store, thumbprint, request.now);
  if (describeCertificate(presented).kind !== 'unit') throw new Rejected('operation-not-allowed', 403);
  return thumbprint;
}
