import { AppError } from '../../../shared/errors.ts';
import { childrenOf, DER_TAG, readDerHeader, whole } from '../der/index.ts';

/** A certificate's issuer Name and serialNumber INTEGER, as the DER the certificate holds them in. */
export interface IssuerAndSerial {
  issuer: Uint8Array;
  serial: Uint8Array;
}

/** Certificate { tbsCertificate { [0] version?, serialNumber, signature, issuer, … }, … } */
export function issuerAndSerialOf(certificate: Uint8Array): IssuerAndSerial {
  const [tbs] = childrenOf(certificate, readDerHeader(certificate, 0), DER_TAG.sequence) ?? [];
  const fields = childrenOf(certificate, tbs, DER_TAG.sequence) ?? [];
  const [serial, , issuer] = fields[0]?.tag === DER_TAG.contextConstructed0 ? fields.slice(1) : fields;
  if (serial?.tag !== DER_TAG.integer || issuer?.tag !== DER_TAG.sequence) throw new AppError('CERT_PARSE_FAILED');
  return { issuer: whole(certificate, issuer), serial: whole(certificate, serial) };
}
