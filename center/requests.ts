import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** A PKCS#10 request as the CA reads it; null for bytes that are not one. */
export function parseCertificateRequest(der: Uint8Array): x509.Pkcs10CertificateRequest | null {
  try {
    return new x509.Pkcs10CertificateRequest(new Uint8Array(der));
  } catch {
    return null;
  }
}
