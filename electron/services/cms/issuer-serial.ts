import { AppError } from '../../../shared/errors.ts';
import { DER_TAG, whole } from '../der/index.ts';
import { certificateLayout } from '../pki/index.ts';

/** A certificate's issuer Name and serialNumber INTEGER, as the DER the certificate holds them in. */
export interface IssuerAndSerial {
  issuer: Uint8Array;
  serial: Uint8Array;
}

/** Read from the TBSCertificate alone, so a certificate damaged elsewhere can still be matched to its SignerInfo. */
export function issuerAndSerialOf(certificate: Uint8Array): IssuerAndSerial {
  const [serial, , issuer] = certificateLayout(certificate).fields;
  if (serial?.tag !== DER_TAG.integer || issuer?.tag !== DER_TAG.sequence) throw new AppError('CERT_PARSE_FAILED');
  return { issuer: whole(certificate, issuer), serial: whole(certificate, serial) };
}
