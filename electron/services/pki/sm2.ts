import { sm2, sm3 } from 'sm-crypto-v2';

/** GM/T 0009's default signer ID, which OpenSSL (distid) and the vendors' SDKs use. */
export const SM2_DEFAULT_ID = '1234567812345678';

/** Uncompressed public point (04‖x‖y, hex) from an SM2 SubjectPublicKeyInfo: its last 65 bytes. */
export function sm2PublicKeyHex(spki: Uint8Array): string {
  return Buffer.from(spki.subarray(-65)).toString('hex');
}

/**
 * e = SM3(Z ‖ M), Z from the public key and the default ID: what an SM2 signature covers. Pure JS
 * (sm-crypto-v2), never node:crypto, because Electron's BoringSSL has neither SM2 nor SM3.
 */
export function sm2Digest(message: Uint8Array, publicKeyHex: string): Uint8Array {
  const z = sm2.getZ(publicKeyHex, SM2_DEFAULT_ID);
  return Buffer.from(sm3(new Uint8Array(Buffer.concat([z, message]))), 'hex');
}

/** A DER SM2 signature over `message` with the default ID. */
export function verifySm2(publicKeyHex: string, message: Uint8Array, derSignature: Uint8Array): boolean {
  try {
    const signature = Buffer.from(derSignature).toString('hex');
    return sm2.doVerifySignature(message, signature, publicKeyHex, { der: true, hash: true, userId: SM2_DEFAULT_ID });
  } catch {
    return false;
  }
}
