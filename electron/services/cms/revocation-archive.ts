import { childrenOf, DER_TAG, readDerHeader, whole } from '../der/index.ts';

/**
 * The OCSP responses in Adobe's revocation archive, the signed attribute Acrobat and other signers embed
 * (ISO 32000-2 §12.8.3.3.2): RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL OPTIONAL,
 * ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] … OPTIONAL }. One that does not
 * parse holds none; path validation checks each response it gets.
 */
export function archivedOcspResponses(attribute: Uint8Array | undefined): Uint8Array[] {
  if (attribute === undefined) return [];
  const fields = childrenOf(attribute, readDerHeader(attribute, 0), DER_TAG.sequence) ?? [];
  const [list] =
    childrenOf(
      attribute,
      fields.find((field) => field.tag === DER_TAG.contextConstructed1),
      DER_TAG.contextConstructed1,
    ) ?? [];
  return (childrenOf(attribute, list, DER_TAG.sequence) ?? []).map((response) => new Uint8Array(whole(attribute, response)));
}
