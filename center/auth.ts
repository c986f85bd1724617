import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { certificateKeyId, verifyMessage, type HttpMessage } from '../electron/services/httpsig/index.ts';
import { describeCertificate } from '../electron/services/pki/index.ts';
import { CLOCK_SKEW_SECONDS, REQUEST_COMPONENTS, SIGNATURE_LIFETIME_SECONDS, type CenterRejection } from '../shared/center/index.ts';
import type { CenterAuthority } from './authority.ts';
import type { CenterStore, UnitRecord } from './store.ts';

export class Rejected extends Error {
  constructor(
    readonly reason: CenterRejection,
    readonly status = 401,
  ) {
    super(reason);
  }
}

export interface SignedRequest {
  message: HttpMessage;
  body: Buffer;
  now: Date;
}

/** Verifies the signature with a certificate the caller already trusts for this request; throws Rejected. */
function verifyWith(request: SignedRequest, store: CenterStore, certificateFor: (keyid: string) => Uint8Array | null): string {
  const result = verifyMessage(request.message, {
    required: REQUEST_COMPONENTS,
    now: request.now,
    skewSeconds: CLOCK_SKEW_SECONDS,
    maxLifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
    certificateFor,
    bodySha256: createHash('sha256').update(request.body).digest(),
    rememberNonce: (keyid, nonce, expires) => store.rememberNonce(keyid, nonce, expires, Math.floor(request.now.getTime() / 1000)),
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

/** A request from an enrolled unit, signed with its unit certificate. */
export function authenticateUnit(request: SignedRequest, store: CenterStore): UnitRecord {
  const enrolledCertificate = (id: string): Uint8Array | null =>
    store.unitByCertificate(id) === null ? null : (store.certificate(id)?.der ?? null);
  const keyid = verifyWith(request, store, enrolledCertificate);
  assertUsable(store, keyid, request.now);
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
): Promise<string> {
  const thumbprint = certificateKeyId(presented);
  verifyWith(request, store, (id) => (id === thumbprint ? presented : null));
  const certificate = new x509.X509Certificate(new Uint8Array(presented));
  const issuedHere = await certificate.verify({ publicKey: authority.ca.certificate.publicKey, signatureOnly: true }).catch(() => false);
  if (!issuedHere) throw new Rejected('key-unknown');
  assertUsable(store, thumbprint, request.now);
  if (describeCertificate(presented).kind !== 'unit') throw new Rejected('operation-not-allowed', 403);
  return thumbprint;
}
