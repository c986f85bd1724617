import { createPublicKey } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { pkcs11Call } from './errors.ts';

type Session = pkcs11js.Handle;

export function findObjects(p: pkcs11js.PKCS11, session: Session, template: pkcs11js.Template): pkcs11js.Handle[] {
  return pkcs11Call(() => {
    p.C_FindObjectsInit(session, template);
    try {
      const found: pkcs11js.Handle[] = [];
      for (let batch = p.C_FindObjects(session, 64); batch.length > 0; batch = p.C_FindObjects(session, 64)) {
        found.push(...batch);
      }
      return found;
    } finally {
      p.C_FindObjectsFinal(session);
    }
  });
}

export function readAttribute(p: pkcs11js.PKCS11, session: Session, object: pkcs11js.Handle, type: number): Buffer {
  const [attribute] = pkcs11Call(() => p.C_GetAttributeValue(session, object, [{ type }]));
  return attribute?.value ?? Buffer.alloc(0);
}

export function readBoolean(p: pkcs11js.PKCS11, session: Session, object: pkcs11js.Handle, type: number): boolean {
  try {
    return readAttribute(p, session, object, type)[0] === 1;
  } catch {
    // Modules that do not know the attribute answer CKR_ATTRIBUTE_TYPE_INVALID: treat it as unset.
    return false;
  }
}

export interface RawCertificateObject {
  label: string;
  idHex: string;
  der: Uint8Array;
  hasPrivateKey: boolean;
}

export function readCertificates(p: pkcs11js.PKCS11, session: Session): RawCertificateObject[] {
  const handles = findObjects(p, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]);
  return handles.map((handle) => {
    const id = readAttribute(p, session, handle, pkcs11js.CKA_ID);
    return {
      label: readAttribute(p, session, handle, pkcs11js.CKA_LABEL).toString('utf8'),
      idHex: id.toString('hex'),
      der: new Uint8Array(readAttribute(p, session, handle, pkcs11js.CKA_VALUE)),
      hasPrivateKey: id.length > 0 && hasKeyPair(p, session, id),
    };
  });
}

/**
 * Private keys are private objects, invisible before login; a public key with the same CKA_ID is
 * the module's own statement that the pair was generated or imported on the token.
 */
function hasKeyPair(p: pkcs11js.PKCS11, session: Session, id: Buffer): boolean {
  for (const keyClass of [pkcs11js.CKO_PRIVATE_KEY, pkcs11js.CKO_PUBLIC_KEY]) {
    const template = [
      { type: pkcs11js.CKA_CLASS, value: keyClass },
      { type: pkcs11js.CKA_ID, value: id },
    ];
    if (findObjects(p, session, template).length > 0) return true;
  }
  return false;
}

export function findPrivateKey(p: pkcs11js.PKCS11, session: Session, idHex: string): pkcs11js.Handle | null {
  const template = [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') },
  ];
  return findObjects(p, session, template)[0] ?? null;
}

const P256_OID_DER = Buffer.from('06082a8648ce3d030107', 'hex');

/** SubjectPublicKeyInfo (DER) of a public key object, so certificates can be issued for on-token keys. */
export function exportPublicKey(p: pkcs11js.PKCS11, session: Session, publicKey: pkcs11js.Handle): Uint8Array {
  const keyType = readAttribute(p, session, publicKey, pkcs11js.CKA_KEY_TYPE).readUInt32LE(0);
  if (keyType === pkcs11js.CKK_RSA) {
    const n = readAttribute(p, session, publicKey, pkcs11js.CKA_MODULUS).toString('base64url');
    const e = readAttribute(p, session, publicKey, pkcs11js.CKA_PUBLIC_EXPONENT).toString('base64url');
    return createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  }
  const params = readAttribute(p, session, publicKey, pkcs11js.CKA_EC_PARAMS);
  if (!params.equals(P256_OID_DER)) throw new Error('only P-256 public keys are exported');
  // CKA_EC_POINT is the uncompressed point wrapped in a DER OCTET STRING (04 41 04 x y).
  const point = readAttribute(p, session, publicKey, pkcs11js.CKA_EC_POINT).subarray(-65);
  const jwk = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
}
