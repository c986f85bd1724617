import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import {
  certificateKeyId,
  verifyContent,
  verifyMessage,
  verifySignature,
  type HttpMessage,
  type SignatureCheck,
} from '../electron/services/httpsig/index.ts';
import { describeCertificate } from '../electron/services/pki/index.ts';
import { CLOCK_SKEW_SECONDS, requestComponents, SIGNATURE_LIFETIME_SECONDS, type CenterRejection } from '../shared/center/index.ts';
import type { CenterAuthority } from './authority.ts';
import type { ReceivedBody } from './http.ts';
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

const contentPolicy = (body: ReceivedBody, now: Date, store: CenterStore) => ({
  bodySha256: body.sha256,
  rememberNonce: (keyid: string, nonce: string, expires: number) =>
    store.rememberNonce(keyid, nonce, expires, Math.floor(now.getTime() / 1000)),
});

/** Verifies the signature with a certificate the caller already trusts for this request; throws Rejected. */
function verifyWith(request: SignedRequest, store: CenterStore, certificateFor: (keyid: string) => Uint8Array | null): string {
  const result = verifyMessage(request.message, {
    ...policy(request.message, request.now),
    certificateFor,
    ...contentPolicy(request.body, request.now, store),
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
}

/**
 * First half of a unit's request, on the headers alone: the signature must hold under an enrolled
 * unit certificate before the center reads a single byte of the body. Throws Rejected.
 */
export function verifyUnitHeaders(message: HttpMessage, store: CenterStore, now: Date): UnitSignature {
  const check = verifySignature(message, { ...policy(message, now), certificateFor: (id) => store.enrolledCertificate(id) });
  if (!check.ok) throw new Rejected(check.reason);
  return { check };
}

/** Second half: the body against the signed digest, then the nonce. Returns the key id; throws Rejected. */
export function verifyUnitBody(request: SignedRequest, signature: UnitSignature, store: CenterStore): string {
  const result = verifyContent(request.message, signature.check, contentPolicy(request.body, request.now, store));
  if (!result.ok) throw new Rejected(result.reason);
  return result.keyid;
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
  verifyWith(request, store, (id) => (id === thumbprint ? presented : null));
  context.authenticated = true;
  const certificate = new x509.X509Certificate(new Uint8Array(presented));
  const issuedHere = await certificate.verify({ publicKey: authority.ca.certificate.publicKey, signatureOnly: true }).catch(() => false);
  if (!issuedHere) throw new Rejected('key-unknown');
  assertUsable(store, thumbprint, request.now);
  if (describeCertificate(presented).kind !== 'unit') throw new Rejected('operation-not-allowed', 403);
  return thumbprint;
}
