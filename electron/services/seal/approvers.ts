import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import type { Approver } from '../../../shared/model/settings.ts';

/** Whether the certificate belongs to someone on the unit's list of authorised approvers. */
export function isAuthorisedApprover(certificate: CertificateDetails, approvers: readonly Approver[]): boolean {
  return approvers.some((approver) =>
    'fingerprintSha256' in approver
      ? approver.fingerprintSha256 === certificate.fingerprintSha256
      : approver.subject === certificate.subject.text && approver.issuer === certificate.issuer.text,
  );
}

export function approverFor(certificate: CertificateDetails): Approver {
  return { label: certificate.subject.commonName ?? certificate.subject.text, fingerprintSha256: certificate.fingerprintSha256 };
}
