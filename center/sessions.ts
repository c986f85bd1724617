import { randomBytes } from 'node:crypto';
import { SessionKeyAgreement, type SessionSecrets } from '../electron/services/httpsig/index.ts';
import { SESSION_KEY_ID_PREFIX, SESSION_LIFETIME_SECONDS, type SessionResponse } from '../shared/center/index.ts';
import { Rejected } from './auth.ts';

/** A signature lives 120 s, so this is over 800 requests a second in one session. */
const NONCES_PER_SESSION = 100_000;

/**
 * A unit's session: the HMAC keys agreed with the key the unit certificate registered. Held in memory
 * only: a restart ends every session, so its nonces need no disk either (a request of an ended session
 * is refused whatever its nonce).
 */
export class CenterSession {
  /** Nonce → its signature's expiry (unix seconds): a replay inside the signature's lifetime is refused. */
  readonly #nonces = new Map<string, number>();

  constructor(
    readonly id: string,
    /** Thumbprint of the unit certificate that registered it; its standing is checked on every request. */
    readonly certificate: string,
    readonly secrets: SessionSecrets,
    /** Unix seconds. */
    readonly expires: number,
  ) {}

  /** False for a nonce this session has seen; throws Rejected (429) when it holds too many live ones. */
  rememberNonce(nonce: string, expires: number, now: number): boolean {
    if (this.#nonces.has(nonce)) return false;
    if (this.#nonces.size >= NONCES_PER_SESSION) {
      for (const [seen, until] of this.#nonces) if (until < now) this.#nonces.delete(seen);
      if (this.#nonces.size >= NONCES_PER_SESSION) throw new Rejected('too-many-requests', 429);
    }
    this.#nonces.set(nonce, expires);
    return true;
  }
}

/** More than one SealDesk may run for a unit (the desktop app, the CLI); older sessions beyond these end. */
const SESSIONS_PER_CERTIFICATE = 8;
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export class CenterSessions {
  readonly #sessions = new Map<string, CenterSession>();

  /** Registers the client's ephemeral key for `certificate`; throws Rejected when it is not a P-256 point. */
  open(certificate: string, clientKey: Uint8Array, now: Date): SessionResponse {
    const id = `${SESSION_KEY_ID_PREFIX}${randomBytes(16).toString('base64url')}`;
    const agreement = new SessionKeyAgreement();
    let secrets: SessionSecrets;
    try {
      secrets = agreement.secrets(clientKey, id, 'center');
    } catch {
      throw new Rejected('request-invalid', 400, 'publicKey: not a point on P-256');
    }
    // Only a session that is made ends others: a refused key leaves the certificate's sessions as they were.
    this.#forgetEnded(now);
    const own = [...this.#sessions.values()].filter((session) => session.certificate === certificate);
    for (const old of own.slice(0, Math.max(0, own.length - SESSIONS_PER_CERTIFICATE + 1))) this.#sessions.delete(old.id);
    const expires = seconds(now) + SESSION_LIFETIME_SECONDS;
    this.#sessions.set(id, new CenterSession(id, certificate, secrets, expires));
    return {
      sessionId: id,
      publicKey: Buffer.from(agreement.publicKey).toString('base64'),
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** The session a key id names, while it lasts. */
  find(keyid: string, now: Date): CenterSession | null {
    const session = this.#sessions.get(keyid);
    return session !== undefined && session.expires > seconds(now) ? session : null;
  }

  #forgetEnded(now: Date): void {
    for (const session of this.#sessions.values()) if (session.expires <= seconds(now)) this.#sessions.delete(session.id);
  }
}
