import pkcs11js from 'pkcs11js';
import { AppError } from '../../../shared/errors.ts';
import type { Mechanism } from '../../../shared/model/diagnostics.ts';
import type { Token } from '../../../shared/model/token.ts';
import { mapPkcs11Error, pkcs11Call } from './errors.ts';
import {
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
  pinStatesFromFlags,
  remainingTriesFromFlags,
} from './flags.ts';
import { describeMechanism } from './mechanisms.ts';
import { sm2ProfileFor } from './sm2-profile.ts';
import { exportPublicKey, findObjects, findPrivateKey, readBoolean, readCertificates, type RawCertificateObject } from './objects.ts';
import type { GenerationCheck, KeyPairSpec, ModuleInfo, RescanPolicy, SignMechanism, SlotReport } from './types.ts';

const CKF_RW_SERIAL = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
// CK_SLOT_INFO.flags, which the binding does not export.
const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;
const CKF_HW_SLOT = 0x4;
const MAX_SIGNATURE_BYTES = 1024;

function text(value: string): string {
  return value.replace(/\0/g, '').trim();
}

/** What signing with a key needs from the token, looked up once per login (C_FindObjects is most of a signature's cost on SoftHSM2). */
interface SigningKey {
  handle: pkcs11js.Handle;
  alwaysAuthenticate: boolean;
}

interface OpenToken {
  slot: pkcs11js.Handle;
  session: pkcs11js.Handle;
  loggedIn: boolean;
  /**
   * Private keys by CKA_ID (hex). A handle is valid only in its session and, for a private object,
   * only while it is logged in: emptied at login and logout, and gone with the entry when the session
   * closes or the token is removed. Emptied too when objects are created or destroyed, since a module
   * may give a destroyed key's handle to a new object.
   */
  keys: Map<string, SigningKey>;
}

/** A new key pair plus its certificate, generously: an RSA-4096 private key and a certificate chain fit. */
const ROOM_FOR_RENEWAL_BYTES = 8 * 1024;

/** CK_UNAVAILABLE_INFORMATION (~0, in 32 or 64 bits) means the module does not say. */
function stated(memory: number): boolean {
  return memory < 0xffffffff;
}

/**
 * Sole owner of the PKCS#11 module in its thread. Every call is synchronous (the binding blocks), which
 * is why the apps run this class in a worker (worker.ts); a one-shot CLI command runs it on its own
 * thread (in-process.ts).
 */
export class Pkcs11Host {
  readonly #p = new pkcs11js.PKCS11();
  readonly #open = new Map<string, OpenToken>();
  /** Tokens that were open and have gone: asked for again, they are 'removed', not 'never found'. */
  readonly #gone = new Set<string>();
  #initialized = false;

  constructor(
    readonly modulePath: string,
    readonly rescanPolicy: RescanPolicy,
  ) {}

  load(): void {
    try {
      this.#p.load(this.modulePath);
    } catch (error) {
      const missing = error instanceof Error && /No such file|cannot open shared object/i.test(error.message);
      throw new AppError(missing ? 'MODULE_NOT_FOUND' : 'MODULE_INVALID', { path: this.modulePath }, { cause: error });
    }
    try {
      this.#p.C_Initialize();
    } catch (error) {
      throw new AppError('MODULE_INVALID', { path: this.modulePath }, { cause: error });
    }
    this.#initialized = true;
  }

  close(): void {
    if (!this.#initialized) return;
    this.#forgetSessions();
    this.#initialized = false;
    try {
      this.#p.C_Finalize();
    } catch {
      // A module whose device vanished may refuse to finalize; the process is letting go of it anyway.
    }
  }

  moduleInfo(): ModuleInfo {
    const info = pkcs11Call(() => this.#p.C_GetInfo());
    return {
      path: this.modulePath,
      cryptokiVersion: `${info.cryptokiVersion.major}.${info.cryptokiVersion.minor}`,
      manufacturer: text(info.manufacturerID),
      description: text(info.libraryDescription),
      libraryVersion: `${info.libraryVersion.major}.${info.libraryVersion.minor}`,
    };
  }

  /**
   * Called by the hot-plug poll. Modules whose slot list is fixed at C_Initialize are re-initialised when
   * idle; a module left in a bad state by a vanished device is re-initialised once, dropping its logins.
   */
  rescan(): Token[] {
    const idle = [...this.#open.values()].every((entry) => !entry.loggedIn);
    if (this.rescanPolicy === 'reinitialize-when-idle' && idle) this.#reinitialize();
    try {
      return this.tokens();
    } catch {
      this.#reinitialize();
      return this.tokens();
    }
  }

  tokens(): Token[] {
    const present = new Set<string>();
    const tokens = this.#presentSlots().flatMap((slot) => {
      const token = this.#readable(() => this.#describeToken(slot));
      if (token === null) return [];
      present.add(token.serial);
      return [token];
    });
    for (const serial of this.#open.keys()) {
      if (present.has(serial)) continue;
      this.#open.delete(serial);
      this.#gone.add(serial);
    }
    return tokens;
  }

  slots(): SlotReport[] {
    const slots = pkcs11Call(() => this.#p.C_GetSlotList(false));
    return slots.map((slot) => {
      const info = pkcs11Call(() => this.#p.C_GetSlotInfo(slot));
      const tokenPresent = (info.flags & CKF_TOKEN_PRESENT) !== 0;
      const token = tokenPresent ? this.#readable(() => this.#describeToken(slot)) : null;
      return {
        slotId: slot.length === 8 ? `0x${slot.readBigUInt64LE().toString(16)}` : slot.toString('hex'),
        description: text(info.slotDescription),
        manufacturer: text(info.manufacturerID),
        tokenPresent,
        removable: (info.flags & CKF_REMOVABLE_DEVICE) !== 0,
        hardware: (info.flags & CKF_HW_SLOT) !== 0,
        token: token && { ...token, mechanisms: this.#mechanisms(slot) },
      };
    });
  }

  certificates(serial: string): RawCertificateObject[] {
    const entry = this.#session(serial);
    // A module may keep a vanished token's session and find nothing in it (SoftHSM2 does): not "no certificate".
    this.#tokenInfo(entry.slot);
    return readCertificates(this.#p, entry.session);
  }

  /** `pin` is null for a PIN-pad reader (protected authentication path): the holder types it on the reader. */
  login(serial: string, pin: string | null): Token {
    const entry = this.#session(serial);
    try {
      // pkcs11js 2 cannot pass a NULL pointer; an empty PIN (length 0) is how PIN-pad modules are reached through it.
      this.#p.C_Login(entry.session, pkcs11js.CKU_USER, pin ?? '');
    } catch (error) {
      const mapped = mapPkcs11Error(error);
      if (mapped.code !== 'PIN_INCORRECT' && !/ALREADY_LOGGED_IN/.test(String(mapped.params['ckr']))) throw mapped;
      if (mapped.code === 'PIN_INCORRECT') throw this.#pinIncorrect(entry.slot);
    }
    entry.keys.clear();
    entry.loggedIn = true;
    return this.#requireToken(entry.slot);
  }

  logout(serial: string): Token {
    const entry = this.#session(serial);
    if (entry.loggedIn) {
      try {
        this.#p.C_Logout(entry.session);
      } catch (error) {
        const mapped = mapPkcs11Error(error);
        if (mapped.code !== 'TOKEN_NOT_LOGGED_IN') throw mapped;
      } finally {
        // Whether C_Logout succeeded or the device is gone, this session no longer holds a login.
        entry.loggedIn = false;
        entry.keys.clear();
      }
    }
    return this.#requireToken(entry.slot);
  }

  /**
   * Signs `data` as the mechanism expects it (a DigestInfo for RSA_PKCS, a bare digest for ECDSA). A
   * token still on its issued PIN signs nothing: the regulations want that PIN changed first.
   */
  sign(serial: string, keyIdHex: string, mechanism: SignMechanism, data: Uint8Array, contextPin?: string): Uint8Array {
    const entry = this.#session(serial);
    if (!entry.loggedIn) throw new AppError('TOKEN_NOT_LOGGED_IN', { serial });
    if (this.#flags(entry.slot) & CKF_USER_PIN_TO_BE_CHANGED) throw new AppError('PIN_CHANGE_REQUIRED', { serial });
    const { handle, alwaysAuthenticate } = this.#signingKey(entry, keyIdHex);
    if (alwaysAuthenticate && contextPin === undefined) throw new AppError('PIN_REQUIRED', { serial });
    return pkcs11Call(() => {
      this.#p.C_SignInit(entry.session, toMechanism(mechanism, this.modulePath), handle);
      if (alwaysAuthenticate) this.#contextLogin(entry, contextPin ?? '');
      return new Uint8Array(this.#p.C_Sign(entry.session, Buffer.from(data), Buffer.alloc(MAX_SIGNATURE_BYTES)));
    });
  }

  #signingKey(entry: OpenToken, keyIdHex: string): SigningKey {
    const cached = entry.keys.get(keyIdHex);
    if (cached !== undefined) return cached;
    const handle = findPrivateKey(this.#p, entry.session, keyIdHex);
    if (handle === null) throw new AppError('KEY_NOT_FOUND', { id: keyIdHex });
    const key = { handle, alwaysAuthenticate: readBoolean(this.#p, entry.session, handle, pkcs11js.CKA_ALWAYS_AUTHENTICATE) };
    entry.keys.set(keyIdHex, key);
    return key;
  }

  /** Initialises the first free slot's token; returns its serial. Used by demo provisioning and tests. */
  initToken(label: string, soPin: string, userPin: string): string {
    const free = this.#presentSlots().find((slot) => {
      const info = pkcs11Call(() => this.#p.C_GetTokenInfo(slot));
      return (info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0;
    });
    if (free === undefined) throw new AppError('TOKEN_NOT_FOUND', { reason: 'no free slot' });
    pkcs11Call(() => this.#p.C_InitToken(free, soPin, label));
    // SoftHSM2 moves an initialised token to a new slot id, so look it up again by label.
    this.#reinitialize();
    const slot = this.#presentSlots().find((s) => text(pkcs11Call(() => this.#p.C_GetTokenInfo(s)).label) === label);
    if (slot === undefined) throw new AppError('TOKEN_NOT_FOUND', { label });
    pkcs11Call(() => {
      const session = this.#p.C_OpenSession(slot, CKF_RW_SERIAL);
      this.#p.C_Login(session, pkcs11js.CKU_SO, soPin);
      this.#p.C_InitPIN(session, userPin);
      this.#p.C_Logout(session);
      this.#p.C_CloseSession(session);
    });
    return text(pkcs11Call(() => this.#p.C_GetTokenInfo(slot)).serialNumber);
  }

  /** Generates a non-extractable key pair on a logged-in token and returns its SubjectPublicKeyInfo. */
  generateKeyPair(serial: string, spec: KeyPairSpec): Uint8Array {
    const entry = this.#session(serial);
    if (!entry.loggedIn) throw new AppError('TOKEN_NOT_LOGGED_IN', { serial });
    const id = Buffer.from(spec.idHex, 'hex');
    const common = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: spec.label },
      { type: pkcs11js.CKA_ID, value: id },
    ];
    const publicTemplate = [...common, { type: pkcs11js.CKA_VERIFY, value: true }, ...publicKeyParams(spec)];
    const privateTemplate = [
      ...common,
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    ];
    const mechanism = { mechanism: spec.kind === 'RSA' ? pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN : pkcs11js.CKM_EC_KEY_PAIR_GEN };
    entry.keys.clear();
    const pair = pkcs11Call(() => this.#p.C_GenerateKeyPair(entry.session, mechanism, publicTemplate, privateTemplate));
    return exportPublicKey(this.#p, entry.session, pair.publicKey);
  }

  /**
   * Whether the token can take a new pair for `spec`: it lists the generation mechanism at that key size,
   * and, when it states its free memory, has room for the pair and a certificate.
   */
  generationCheck(serial: string, spec: KeyPairSpec): GenerationCheck {
    const { slot } = this.#session(serial);
    const code = spec.kind === 'RSA' ? pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN : pkcs11js.CKM_EC_KEY_PAIR_GEN;
    if (!pkcs11Call(() => this.#p.C_GetMechanismList(slot)).includes(code)) return 'unsupported';
    const info = pkcs11Call(() => this.#p.C_GetMechanismInfo(slot, code));
    const bits = spec.kind === 'RSA' ? spec.bits : 256;
    // Some modules state EC sizes in bytes or leave the range empty; only a stated RSA maximum below the size refuses.
    if (spec.kind === 'RSA' && info.maxKeySize !== 0 && bits > info.maxKeySize) return 'unsupported';
    const token = this.#tokenInfo(slot);
    return [token.freePrivateMemory, token.freePublicMemory].some((free) => stated(free) && free < ROOM_FOR_RENEWAL_BYTES) ? 'full' : 'ok';
  }

  /** SubjectPublicKeyInfo of the public key stored under `idHex`. */
  publicKey(serial: string, idHex: string): Uint8Array {
    const entry = this.#session(serial);
    const [handle] = findObjects(this.#p, entry.session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') },
    ]);
    if (handle === undefined) throw new AppError('KEY_NOT_FOUND', { id: idHex });
    return exportPublicKey(this.#p, entry.session, handle);
  }

  /** Renames every object (key pair and certificate) stored under `idHex`. */
  relabel(serial: string, idHex: string, label: string): void {
    const { session, handles } = this.#objectsWithId(serial, idHex);
    for (const handle of handles)
      pkcs11Call(() => this.#p.C_SetAttributeValue(session, handle, [{ type: pkcs11js.CKA_LABEL, value: label }]));
  }

  /** Removes the key pair and certificate stored under `idHex`; returns how many objects went. */
  destroyObjects(serial: string, idHex: string): number {
    this.#session(serial).keys.clear();
    const { session, handles } = this.#objectsWithId(serial, idHex);
    for (const handle of handles) pkcs11Call(() => this.#p.C_DestroyObject(session, handle));
    return handles.length;
  }

  /** Every object under `idHex`, private ones included, which only a logged-in session sees. */
  #objectsWithId(serial: string, idHex: string): { session: pkcs11js.Handle; handles: pkcs11js.Handle[] } {
    const entry = this.#session(serial);
    if (!entry.loggedIn) throw new AppError('TOKEN_NOT_LOGGED_IN', { serial });
    return {
      session: entry.session,
      handles: findObjects(this.#p, entry.session, [{ type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') }]),
    };
  }

  importCertificate(serial: string, object: { label: string; idHex: string; der: Uint8Array; subjectDer: Uint8Array }): void {
    const entry = this.#session(serial);
    const template = [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_LABEL, value: object.label },
      { type: pkcs11js.CKA_ID, value: Buffer.from(object.idHex, 'hex') },
      { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(object.subjectDer) },
      { type: pkcs11js.CKA_VALUE, value: Buffer.from(object.der) },
    ];
    pkcs11Call(() => this.#p.C_CreateObject(entry.session, template));
  }

  /** C_SetPIN with the current PIN: a wrong one counts against the tries like a failed login. */
  changePin(serial: string, oldPin: string, newPin: string): Token {
    const entry = this.#session(serial);
    try {
      this.#p.C_SetPIN(entry.session, oldPin, newPin);
    } catch (error) {
      const mapped = mapPkcs11Error(error);
      throw mapped.code === 'PIN_INCORRECT' ? this.#pinIncorrect(entry.slot) : mapped;
    }
    return this.#requireToken(entry.slot);
  }

  /**
   * The IT administrator's SO-PIN reset of a locked token: a new user PIN, which the token then marks to
   * be changed where it supports that. A wrong SO PIN is PIN_INCORRECT like any other.
   */
  unlockPin(serial: string, soPin: string, newPin: string): Token {
    const entry = this.#session(serial);
    if (entry.loggedIn) this.logout(serial);
    pkcs11Call(() => this.#p.C_Login(entry.session, pkcs11js.CKU_SO, soPin));
    try {
      pkcs11Call(() => this.#p.C_InitPIN(entry.session, newPin));
    } finally {
      this.#p.C_Logout(entry.session);
    }
    return this.#requireToken(entry.slot);
  }

  #flags(slot: pkcs11js.Handle): number {
    return this.#tokenInfo(slot).flags;
  }

  /**
   * A token whose information can no longer be read has gone: SoftHSM2 answers CKR_GENERAL_ERROR once its
   * token folder is removed while its slot is still listed, and some readers CKR_DEVICE_ERROR for a key
   * pulled out mid-call. The holder is told to plug it back in, not that the device failed.
   */
  #tokenInfo(slot: pkcs11js.Handle): pkcs11js.TokenInfo {
    try {
      return this.#p.C_GetTokenInfo(slot);
    } catch (error) {
      const mapped = mapPkcs11Error(error);
      throw mapped.code === 'DEVICE_ERROR' ? new AppError('TOKEN_REMOVED', mapped.params, { cause: error }) : mapped;
    }
  }

  /** What `read` finds on a slot, or null when its token went while it was being looked at. */
  #readable<T>(read: () => T | null): T | null {
    try {
      return read();
    } catch (error) {
      if (error instanceof AppError && error.code === 'TOKEN_REMOVED') return null;
      throw error;
    }
  }

  #contextLogin(entry: OpenToken, pin: string): void {
    try {
      this.#p.C_Login(entry.session, pkcs11js.CKU_CONTEXT_SPECIFIC, pin);
    } catch (error) {
      const mapped = mapPkcs11Error(error);
      throw mapped.code === 'PIN_INCORRECT' ? this.#pinIncorrect(entry.slot) : mapped;
    }
  }

  #pinIncorrect(slot: pkcs11js.Handle): AppError {
    const flags = this.#flags(slot);
    if (flags & CKF_USER_PIN_LOCKED) return new AppError('PIN_LOCKED');
    return new AppError('PIN_INCORRECT', { remainingTries: remainingTriesFromFlags(flags) });
  }

  #presentSlots(): pkcs11js.Handle[] {
    return pkcs11Call(() => this.#p.C_GetSlotList(true));
  }

  #describeToken(slot: pkcs11js.Handle): Token | null {
    const slotInfo = pkcs11Call(() => this.#p.C_GetSlotInfo(slot));
    const info = this.#tokenInfo(slot);
    if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) return null;
    const serial = text(info.serialNumber);
    return {
      serial,
      label: text(info.label),
      manufacturer: text(info.manufacturerID),
      model: text(info.model),
      slotDescription: text(slotInfo.slotDescription),
      flags: info.flags,
      pinStates: pinStatesFromFlags(info.flags),
      loggedIn: this.#open.get(serial)?.loggedIn ?? false,
      protectedAuthenticationPath: (info.flags & CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
      minPinLength: info.minPinLen,
      maxPinLength: info.maxPinLen,
      pinChangedAt: null,
    };
  }

  #requireToken(slot: pkcs11js.Handle): Token {
    const token = this.#describeToken(slot);
    if (token === null) throw new AppError('TOKEN_REMOVED');
    return token;
  }

  #mechanisms(slot: pkcs11js.Handle): Mechanism[] {
    return pkcs11Call(() => this.#p.C_GetMechanismList(slot)).map((code) => {
      const info = pkcs11Call(() => this.#p.C_GetMechanismInfo(slot, code));
      return describeMechanism(code, info.minKeySize, info.maxKeySize);
    });
  }

  /** One session per token, kept while the token is present; PKCS#11 login state is per token anyway. */
  #session(serial: string): OpenToken {
    const existing = this.#open.get(serial);
    if (existing !== undefined) return existing;
    const slot = this.#presentSlots().find((s) => this.#readable(() => text(this.#tokenInfo(s).serialNumber)) === serial);
    if (slot === undefined) throw new AppError(this.#gone.has(serial) ? 'TOKEN_REMOVED' : 'TOKEN_NOT_FOUND', { serial });
    this.#gone.delete(serial);
    const entry = { slot, session: pkcs11Call(() => this.#p.C_OpenSession(slot, CKF_RW_SERIAL)), loggedIn: false, keys: new Map() };
    this.#open.set(serial, entry);
    return entry;
  }

  #forgetSessions(): void {
    for (const entry of this.#open.values()) {
      try {
        this.#p.C_CloseSession(entry.session);
      } catch {
        // The session died with its token; nothing is left to close.
      }
    }
    this.#open.clear();
  }

  /** Finalize may fail (a previous initialise failed, say); that must not stop the next initialise. */
  #reinitialize(): void {
    this.#forgetSessions();
    try {
      this.#p.C_Finalize();
    } catch {
      // Not initialised: exactly the state C_Initialize expects.
    }
    pkcs11Call(() => this.#p.C_Initialize());
  }
}

function toMechanism(mechanism: SignMechanism, modulePath: string): pkcs11js.Mechanism {
  switch (mechanism) {
    case 'RSA_PKCS':
      return { mechanism: pkcs11js.CKM_RSA_PKCS };
    case 'RSA_PSS_SHA256':
      return pss(pkcs11js.CKM_SHA256, pkcs11js.CKG_MGF1_SHA256, 32);
    case 'RSA_PSS_SHA512':
      return pss(pkcs11js.CKM_SHA512, pkcs11js.CKG_MGF1_SHA512, 64);
    case 'ECDSA':
      return { mechanism: pkcs11js.CKM_ECDSA };
    case 'SM2':
      return { mechanism: Number(sm2ProfileFor(modulePath).mechanism) };
  }
}

/** RSASSA-PSS over a digest the host made, MGF1 and salt length matching the hash (RFC 8017, RFC 9421). */
function pss(hashAlg: number, mgf: number, saltLen: number): pkcs11js.Mechanism {
  return {
    mechanism: pkcs11js.CKM_RSA_PKCS_PSS,
    parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, hashAlg, mgf, saltLen } as pkcs11js.RsaPSS,
  };
}

function publicKeyParams(spec: KeyPairSpec): pkcs11js.Template {
  if (spec.kind === 'RSA') {
    return [
      { type: pkcs11js.CKA_MODULUS_BITS, value: spec.bits },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
    ];
  }
  return [{ type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from('06082a8648ce3d030107', 'hex') }];
}
