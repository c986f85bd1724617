import { randomBytes, createHash } from 'node:crypto';
import type { TestSignatureResult } from '../../../shared/api/contract.ts';
import { AppError, toWireError, type WireError } from '../../../shared/errors.ts';
import type { CertificateDetails, KeyType, TokenCertificate } from '../../../shared/model/certificate.ts';
import type { Token } from '../../../shared/model/token.ts';
import {
  chainFor,
  describeCertificate,
  readCertificateFields,
  selectCertificate,
  sm2PublicKeyHex,
  verifyWithCertificate,
} from '../pki/index.ts';
import { assertPinRules, type HolderFacts } from '../../../shared/validation/pin.ts';
import type { TokenHostChannel } from './channel.ts';
import { TokenWorkerClient } from './client.ts';
import { IdleLogout, type IdlePolicy } from './idle.ts';
import { createKeySigner, createSigner, type KeySigner, type RawSign, type Signer, type Sm2Key } from './signer.ts';
import { sm2ProfileFor } from './sm2-profile.ts';
import type { RawCertificateObject } from './objects.ts';
import type { GenerationCheck, KeyPairSpec, ModuleInfo, SlotReport } from './types.ts';
import { withPinHistory, type PinHistory } from './pin-history.ts';
import { rescanPolicyFor } from './vendors.ts';

/** PKCS#11 v2.40 §2.1.9; pkcs11js (a native module) is loaded only where the host runs. */
const CKM_RSA_PKCS_PSS = 0x0d;

interface CertificateWithDer {
  certificate: TokenCertificate;
  der: Uint8Array;
}

export interface TokenServiceOptions {
  trustedRoots?: readonly CertificateDetails[];
  /** Log tokens out after a while without use (the apps do; a one-shot CLI run does not need to). */
  idle?: IdlePolicy;
  pinHistory?: PinHistory;
  /** Certificates reported leaked or revoked: their keys sign nothing more. */
  isBlocked?: (fingerprint: string) => boolean;
  /**
   * Where PKCS#11 runs: a worker thread keeps an app responsive while the module blocks; a one-shot
   * command, which only waits on the token, runs it on its own thread (see in-process.ts).
   */
  thread?: 'worker' | 'caller';
}

export interface SigningKit {
  certificate: TokenCertificate;
  signer: Signer;
  /** Issuer certificates held on the token, DER: they travel in signatures so validators elsewhere can build the path. */
  chain: Uint8Array[];
}

export interface UnreadableObject {
  label: string;
  objectId: string;
  error: WireError;
}

export interface CertificateListing {
  certificates: TokenCertificate[];
  unreadable: UnreadableObject[];
}

function objectOf(objects: readonly RawCertificateObject[], certificate: TokenCertificate): RawCertificateObject | undefined {
  return objects.find((o) => o.idHex === certificate.objectId && o.label === certificate.label);
}

function selected(objects: readonly RawCertificateObject[], listed: readonly TokenCertificate[], selector: string): CertificateWithDer {
  const certificate = selectCertificate(listed, selector);
  const object = objectOf(objects, certificate);
  if (object === undefined) throw new AppError('CERT_NOT_FOUND', { selector });
  return { certificate, der: object.der };
}

/** The certificate's issuers that the token holds, DER, nearest first. */
function issuersHeld(
  objects: readonly RawCertificateObject[],
  listed: readonly TokenCertificate[],
  certificate: TokenCertificate,
): Uint8Array[] {
  const onToken = new Map(listed.map((c) => [c.fingerprintSha256, c]));
  return certificate.chain.flatMap((issuer) => {
    const held = onToken.get(issuer.fingerprintSha256);
    const object = held && objectOf(objects, held);
    return object ? [object.der] : [];
  });
}

/** Token operations for the rest of the app; PKCS#11 itself stays behind a TokenHostChannel. */
export class TokenService {
  readonly #idle: IdleLogout | null;
  readonly #pinHistory: PinHistory | null;
  readonly #isBlocked: (fingerprint: string) => boolean;
  readonly #pss = new Map<string, boolean>();
  readonly #holderListeners = new Set<(serial: string) => void>();
  readonly trustedRoots: readonly CertificateDetails[];

  private constructor(
    readonly modulePath: string,
    readonly client: TokenHostChannel,
    options: TokenServiceOptions,
  ) {
    this.trustedRoots = options.trustedRoots ?? [];
    this.#idle = options.idle ? new IdleLogout(options.idle, (serial) => this.logout(serial)) : null;
    this.#pinHistory = options.pinHistory ?? null;
    this.#isBlocked = options.isBlocked ?? (() => false);
  }

  static async open(modulePath: string, options: TokenServiceOptions = {}): Promise<TokenService> {
    const start = { modulePath, rescanPolicy: rescanPolicyFor(modulePath) };
    const client =
      options.thread === 'caller'
        ? (await import('./in-process.ts')).InProcessTokenHost.start(start)
        : await TokenWorkerClient.start(start);
    return new TokenService(modulePath, client, options);
  }

  close(): Promise<void> {
    this.#idle?.stop();
    return this.client.stop();
  }

  onTokensChanged(listener: (tokens: Token[]) => void): () => void {
    return this.client.onTokensChanged((tokens) => listener(tokens.map((token) => this.#withHistory(token))));
  }

  /**
   * Told when who holds a token may have changed: each login and logout through this service (the user's,
   * the idle timer's, an SO-PIN reset's) and each certificate written to it or removed. What was read under
   * one login session, such as the holder's name, is not taken into the next.
   */
  onHolderChange(listener: (serial: string) => void): () => void {
    this.#holderListeners.add(listener);
    return () => this.#holderListeners.delete(listener);
  }

  #holderChanged(serial: string): void {
    for (const listener of this.#holderListeners) listener(serial);
  }

  async tokens(): Promise<Token[]> {
    return (await this.client.call('tokens')).map((token) => this.#withHistory(token));
  }

  #withHistory(token: Token): Token {
    return withPinHistory(token, this.#pinHistory);
  }

  moduleInfo(): Promise<ModuleInfo> {
    return this.client.call('moduleInfo');
  }

  slots(): Promise<SlotReport[]> {
    return this.client.call('slots');
  }

  /** `pin` is null on a PIN-pad reader, where the holder types it on the device. */
  async login(serial: string, pin: string | null): Promise<Token> {
    const token = await this.client.call('login', serial, pin);
    this.#idle?.touch(serial);
    this.#holderChanged(serial);
    return this.#withHistory(token);
  }

  async logout(serial: string): Promise<Token> {
    this.#idle?.forget(serial);
    try {
      return this.#withHistory(await this.client.call('logout', serial));
    } finally {
      this.#holderChanged(serial);
    }
  }

  /** Changes the user PIN after checking the unit's rules against what the token's certificates reveal. */
  async changePin(serial: string, oldPin: string, newPin: string): Promise<Token> {
    assertPinRules(newPin, await this.#holderFacts(serial), oldPin);
    const token = await this.client.call('changePin', serial, oldPin, newPin);
    this.#pinHistory?.recordChange(serial);
    return this.#withHistory(token);
  }

  /** The IT administrator's reset of a locked token with the SO PIN; the new PIN obeys the same rules. */
  async unlockPin(serial: string, soPin: string, newPin: string): Promise<Token> {
    assertPinRules(newPin, await this.#holderFacts(serial));
    // The reset logs the user out first.
    try {
      return this.#withHistory(await this.client.call('unlockPin', serial, soPin, newPin));
    } finally {
      this.#holderChanged(serial);
    }
  }

  /** Loaded on a PIN change only: its full pinyin dictionary would otherwise sit in every process's heap. */
  async #holderFacts(serial: string): Promise<HolderFacts> {
    const objects = await this.client.call('certificates', serial);
    const { holderFactsFrom } = await import('./holder-facts.ts');
    return holderFactsFrom(objects.map((object) => object.der));
  }

  async certificates(serial: string): Promise<CertificateListing> {
    return this.#describe(await this.client.call('certificates', serial));
  }

  async certificateDer(serial: string, selector: string): Promise<CertificateWithDer> {
    const objects = await this.client.call('certificates', serial);
    return selected(objects, this.#describe(objects).certificates, selector);
  }

  /** Every readable certificate on the token with its DER, for checks that need the bytes (chains, CRLs). */
  async certificateObjects(serial: string): Promise<{ certificate: TokenCertificate; der: Uint8Array }[]> {
    const objects = await this.client.call('certificates', serial);
    return this.#describe(objects).certificates.flatMap((certificate) => {
      const object = objectOf(objects, certificate);
      return object ? [{ certificate, der: object.der }] : [];
    });
  }

  /** A certificate object that does not parse is listed as unreadable instead of hiding the others. */
  #describe(objects: readonly RawCertificateObject[]): CertificateListing {
    const parsed: { label: string; objectId: string; hasPrivateKey: boolean; details: CertificateDetails }[] = [];
    const unreadable: UnreadableObject[] = [];
    for (const object of objects) {
      try {
        parsed.push({
          label: object.label,
          objectId: object.idHex,
          hasPrivateKey: object.hasPrivateKey,
          details: describeCertificate(object.der),
        });
      } catch (error) {
        unreadable.push({ label: object.label, objectId: object.idHex, error: toWireError(error) });
      }
    }
    const known = [...parsed.map((p) => p.details), ...this.trustedRoots];
    const certificates = parsed.map((p) => ({
      ...p.details,
      label: p.label,
      objectId: p.objectId,
      hasPrivateKey: p.hasPrivateKey,
      chain: chainFor(p.details, known),
    }));
    return { certificates, unreadable };
  }

  /** The signer PDF, CMS and HTTP-signature code receive; `contextPin` serves keys that demand it per use. */
  async signerFor(serial: string, selector: string, contextPin?: string): Promise<Signer> {
    const found = await this.certificateDer(serial, selector);
    this.refuseIfBlocked(found.certificate);
    return this.#signer(serial, selector, found, contextPin);
  }

  /** What signing a document of record takes (the certificate, its signer, the issuers it carries), read from the token once. */
  async signingKit(serial: string, selector: string): Promise<SigningKit> {
    const objects = await this.client.call('certificates', serial);
    const listed = this.#describe(objects).certificates;
    const found = selected(objects, listed, selector);
    this.refuseIfBlocked(found.certificate);
    return {
      certificate: found.certificate,
      signer: await this.#signer(serial, selector, found),
      chain: issuersHeld(objects, listed, found.certificate),
    };
  }

  /** For work that keeps a signer a while (a batch): a leak reported meanwhile stops what is not yet signed. */
  refuseIfBlocked(certificate: TokenCertificate): void {
    if (this.#isBlocked(certificate.fingerprintSha256)) throw new AppError('CERT_BLOCKED', { label: certificate.label });
  }

  /**
   * The key that authenticates requests to the center (HTTP message signatures), even after a leak was
   * reported: the report itself must reach the center, which refuses the key once it has revoked it.
   * Nothing of record (seals, approvals, applications) is signed with it.
   */
  async channelSignerFor(serial: string, selector: string): Promise<Signer> {
    return this.#signer(serial, selector, await this.certificateDer(serial, selector));
  }

  /** `found` is what `selector` named, looked up once by the caller. */
  async #signer(serial: string, selector: string, found: CertificateWithDer, contextPin?: string): Promise<Signer> {
    const { certificate, der } = found;
    if (!certificate.hasPrivateKey) throw new AppError('KEY_NOT_FOUND', { selector });
    const rawSign: RawSign = async (mechanism, input) => {
      const signature = await this.client.call('sign', serial, certificate.objectId, mechanism, input, contextPin);
      this.#idle?.touch(serial);
      return signature;
    };
    const signer = createSigner(der, certificate.keyType, rawSign, this.#sm2Key(certificate.keyType, der));
    if (certificate.keyType.family !== 'RSA' || (await this.#hasPss(serial))) return signer;
    return { ...signer, algorithms: signer.algorithms.filter((a) => !a.startsWith('rsa-pss')) };
  }

  /** Many USBKeys sign only PKCS#1 v1.5: PSS is offered where the token lists it. */
  async #hasPss(serial: string): Promise<boolean> {
    const known = this.#pss.get(serial);
    if (known !== undefined) return known;
    const slot = (await this.slots()).find((s) => s.token?.serial === serial);
    const listed = slot?.token?.mechanisms.some((m) => m.code === CKM_RSA_PKCS_PSS) ?? false;
    this.#pss.set(serial, listed);
    return listed;
  }

  /** What an SM2 key needs besides the token: its public point for Z, and the vendor's mechanism profile. */
  #sm2Key(keyType: KeyType, certificate: Uint8Array): Sm2Key | undefined {
    if (keyType.family !== 'SM2') return undefined;
    return {
      publicKeyHex: sm2PublicKeyHex(readCertificateFields(certificate).subjectPublicKeyInfo),
      profile: sm2ProfileFor(this.modulePath),
    };
  }

  /** Signs a random challenge on the token and verifies it against the certificate's public key. */
  async testSignature(serial: string, selector: string, contextPin?: string): Promise<TestSignatureResult> {
    const signer = await this.signerFor(serial, selector, contextPin);
    const algorithm = signer.algorithms[0];
    if (algorithm === undefined) throw new AppError('MECHANISM_UNSUPPORTED', { keyType: signer.keyType.display });
    const challenge = randomBytes(32);
    const signature = await signer.sign(challenge, algorithm);
    return {
      algorithm,
      challengeSha256: createHash('sha256').update(challenge).digest('hex'),
      signatureBytes: signature.length,
      verified: verifyWithCertificate(signer.certificate, algorithm, challenge, signature),
    };
  }

  initToken(label: string, soPin: string, userPin: string): Promise<string> {
    return this.client.call('initToken', label, soPin, userPin);
  }

  generateKeyPair(serial: string, spec: KeyPairSpec): Promise<Uint8Array> {
    return this.client.call('generateKeyPair', serial, spec);
  }

  /** The key generated under `idHex`, before it has a certificate: it signs its own certificate request. */
  keySigner(serial: string, idHex: string, keyType: KeyType): KeySigner {
    return createKeySigner(keyType, (mechanism, input) => this.client.call('sign', serial, idHex, mechanism, input));
  }

  generationCheck(serial: string, spec: KeyPairSpec): Promise<GenerationCheck> {
    return this.client.call('generationCheck', serial, spec);
  }

  publicKey(serial: string, idHex: string): Promise<Uint8Array> {
    return this.client.call('publicKey', serial, idHex);
  }

  relabel(serial: string, idHex: string, label: string): Promise<void> {
    return this.client.call('relabel', serial, idHex, label);
  }

  async destroyObjects(serial: string, idHex: string): Promise<number> {
    try {
      return await this.client.call('destroyObjects', serial, idHex);
    } finally {
      this.#holderChanged(serial);
    }
  }

  async importCertificate(
    serial: string,
    object: { label: string; idHex: string; der: Uint8Array; subjectDer: Uint8Array },
  ): Promise<void> {
    try {
      await this.client.call('importCertificate', serial, object);
    } finally {
      this.#holderChanged(serial);
    }
  }
}
