import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { parseJsonOrNull } from '../../../shared/validation/json.ts';
import { writeFileAtomic } from '../platform/index.ts';
import { decryptRecord, encryptRecord, type Vault } from '../vault/index.ts';

const PUBLIC_FILE = 'ledger-key.json';
/** A private key made while no vault existed yet, waiting for the first vault to take it in. */
const PENDING_FILE = 'ledger-key.pending';
const VAULT_COLLECTION = 'audit';
const VAULT_ID = 'ledger-key';
/** An X25519 public key in SPKI DER: this fixed prefix, then the 32 raw bytes. */
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const EPHEMERAL_BYTES = SPKI_PREFIX.length + 32;
const PublicFile = z.object({ version: z.literal(1), publicKey: z.string().min(1) });

/**
 * The ledger is encrypted to an X25519 key whose private half lives in the vault: any act can be
 * recorded while the vault is locked (a seal in the web shell before the passphrase is given, a CLI
 * seal), and reading the records needs the vault as reading a draft does.
 */
export class LedgerKey {
  constructor(private readonly dir: string) {}

  /** Each record gets a fresh ephemeral key; `context` (the previous hash) binds it to its place in the chain. */
  encrypt(plaintext: Buffer, context: string): Buffer {
    const ephemeral = generateKeyPairSync('x25519');
    const key = recordKey(ephemeral.privateKey, this.#publicKey());
    const ephemeralDer = ephemeral.publicKey.export({ format: 'der', type: 'spki' });
    return Buffer.concat([ephemeralDer, encryptRecord(key, plaintext, context)]);
  }

  /** A reader over the vault: takes in a pending private key first, so it is kept encrypted from then on. */
  opener(vault: Vault): (sealed: Buffer, context: string) => Buffer {
    this.adoptPending(vault);
    const stored = vault.read(VAULT_COLLECTION, VAULT_ID);
    if (stored === null) return () => failOpen();
    const privateKey = createPrivateKey({ key: stored, format: 'der', type: 'pkcs8' });
    return (sealed, context) => {
      if (sealed.length <= EPHEMERAL_BYTES || !sealed.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) return failOpen();
      // Imported from its raw bytes: several times faster than parsing the DER, and a ledger is read whole.
      const x = sealed.subarray(SPKI_PREFIX.length, EPHEMERAL_BYTES).toString('base64url');
      const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
      return decryptRecord(recordKey(privateKey, ephemeral), sealed.subarray(EPHEMERAL_BYTES), context);
    };
  }

  /** Called whenever a vault opens: a private key written before the vault existed moves into it. */
  adoptPending(vault: Vault): void {
    const pending = join(this.dir, PENDING_FILE);
    if (!existsSync(pending)) return;
    if (vault.read(VAULT_COLLECTION, VAULT_ID) === null) vault.write(VAULT_COLLECTION, VAULT_ID, readFileSync(pending));
    rmSync(pending);
  }

  /** Made on the first record: the public half in the clear, the private half pending until a vault takes it. */
  #publicKey(): KeyObject {
    const path = join(this.dir, PUBLIC_FILE);
    if (existsSync(path)) {
      const parsed = PublicFile.safeParse(parseJsonOrNull(readFileSync(path)));
      if (!parsed.success) throw new AppError('AUDIT_LEDGER_KEY_INVALID', { path });
      return createPublicKey({ key: Buffer.from(parsed.data.publicKey, 'base64'), format: 'der', type: 'spki' });
    }
    const pair = generateKeyPairSync('x25519');
    writeFileAtomic(join(this.dir, PENDING_FILE), pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
    const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    writeFileAtomic(path, `${JSON.stringify({ version: 1, publicKey })}\n`);
    return pair.publicKey;
  }
}

function recordKey(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  const shared = diffieHellman({ privateKey, publicKey });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), 'sealdesk audit record v1', 32));
}

function failOpen(): never {
  throw new AppError('VAULT_CORRUPT', { name: 'audit' });
}
