import { childrenOf, DER_TAG, readDerHeader, whole, type DerHeader } from '../der/index.ts';

/** What a signer archived for path validation: CRLs and OCSP responses, DER as they were signed. */
export interface ArchivedRevocationData {
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
}

/**
 * The CRLs and OCSP responses in Adobe's revocation archive, the signed attribute Acrobat and other signers
 * embed (ISO 32000-2 §12.8.3.3.2): RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL
 * OPTIONAL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] … OPTIONAL }. One that does
 * not parse holds none; path validation checks each CRL and response it gets.
 */
export function archivedRevocationData(attribute: Uint8Array | undefined): ArchivedRevocationData {
  if (attribute === undefined) return { crls: [], ocspResponses: [] };
  const fields = childrenOf(attribute, readDerHeader(attribute, 0), DER_TAG.sequence) ?? [];
  const listUnder = (tag: number): Uint8Array[] => {
    const [list] =
      childrenOf(
        attribute,
        fields.find((field) => field.tag === tag),
        tag,
      ) ?? [];
    return (childrenOf(attribute, list, DER_TAG.sequence) ?? []).map((item: DerHeader) => new Uint8Array(whole(attribute, item)));
  };
  return { crls: listUnder(DER_TAG.contextConstructed0), ocspResponses: listUnder(DER_TAG.contextConstructed1) };
}
