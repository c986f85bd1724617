import { X509Certificate } from 'node:crypto';
import { EnrolmentResponseSchema, CENTER_ROUTES, type EnrolmentResponse } from '../../../shared/center/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { evaluateTrust, sha256Hex } from '../pki/index.ts';
import type { Signer } from '../token/index.ts';
import { CenterLink, parseJson, type Exchange } from './link.ts';

export interface EnrolRequest {
  url: string;
  code: string;
  /** The unit certificate's key on the token: it signs the request and, from now on, every request. */
  signer: Signer;
  trustedRoots: readonly Uint8Array[];
  now?: Date;
}

const der = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

/** Both center certificates must chain to a root this unit already trusts, or nothing is pinned. */
async function assertTrusted(offer: EnrolmentResponse, roots: readonly Uint8Array[], at: Date): Promise<void> {
  for (const field of ['signingCertificate', 'encryptionCertificate'] as const) {
    const trust = evaluateTrust(der(offer[field]), offer.caCertificates.map(der), roots, at);
    if (trust.status !== 'trusted') throw new AppError('CENTER_CERTIFICATE_INVALID', { detail: `${field}: ${trust.status}` });
  }
  const encryption = new X509Certificate(der(offer.encryptionCertificate));
  if (encryption.publicKey.asymmetricKeyType !== 'rsa')
    throw new AppError('CENTER_CERTIFICATE_INVALID', { detail: 'encryption key is not RSA' });
}

/**
 * Registers the unit with the one-time code, signed with the unit certificate, and returns what to
 * pin: the center's signing certificate (every later response is checked against it) and its
 * encryption certificate (every submission is encrypted to it).
 */
export async function enrol(request: EnrolRequest): Promise<CenterEnrolment> {
  const now = request.now ?? new Date();
  const offeredCertificate = (exchange: Exchange): Uint8Array | null => {
    const parsed = EnrolmentResponseSchema.safeParse(parseJson(exchange.body));
    return parsed.success ? der(parsed.data.signingCertificate) : null;
  };
  const link = new CenterLink({
    baseUrl: request.url,
    signer: request.signer,
    centerCertificate: offeredCertificate,
    now: () => now,
    sessions: false,
  });
  const body = { code: request.code.trim(), unitCertificate: Buffer.from(request.signer.certificate).toString('base64') };
  const answer = await link
    .call(CENTER_ROUTES.enrol.method, CENTER_ROUTES.enrol.path, body, EnrolmentResponseSchema)
    .catch((error: unknown) => {
      if (error instanceof AppError && error.params['reason'] === 'enrolment-code-invalid')
        throw new AppError('ENROLMENT_CODE_INVALID', { problem: String(error.params['detail'] ?? 'unknown') });
      throw error;
    });
  await assertTrusted(answer, request.trustedRoots, now);
  return {
    url: request.url,
    unitId: answer.unitId,
    unitName: answer.unitName,
    unitCertificate: sha256Hex(request.signer.certificate),
    signingCertificate: answer.signingCertificate,
    encryptionCertificate: answer.encryptionCertificate,
    caCertificates: answer.caCertificates,
    enrolledAt: now.toISOString(),
  };
}
