import { createECDH, hkdfSync } from 'node:crypto';

/**
 * A session's two HMAC keys, one per direction, so that neither end can be handed back a signature it
 * made itself (a request reflected as a response).
 */
export interface SessionSecrets {
  requests: Uint8Array;
  responses: Uint8Array;
}

/**
 * One end's ephemeral P-256 key for agreeing a session's secrets: ECDH, then HKDF-SHA256 over both public
 * keys and the session id. Each end makes a new one per session, so a key taken later opens no old session.
 */
export class SessionKeyAgreement {
  readonly #ecdh = createECDH('prime256v1');
  /** Uncompressed point (65 bytes), as the protocol carries it. */
  readonly publicKey: Uint8Array = new Uint8Array(this.#ecdh.generateKeys());

  /** Throws when `peerKey` is not a point on P-256. */
  secrets(peerKey: Uint8Array, sessionId: string, role: 'client' | 'center'): SessionSecrets {
    const shared = this.#ecdh.computeSecret(peerKey);
    const [client, center] = role === 'client' ? [this.publicKey, peerKey] : [peerKey, this.publicKey];
    const keys = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([client, center]), `sealdesk session v1 ${sessionId}`, 64));
    return { requests: new Uint8Array(keys.subarray(0, 32)), responses: new Uint8Array(keys.subarray(32)) };
  }
}
