import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers, VaultStatus } from '../../../shared/api/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { MIN_PASSPHRASE_CHARS, passphraseLength } from '../../../shared/validation/passphrase.ts';
import { Applications, Uploads, type SigningKey } from '../applications/index.ts';
import { identityFrom, parseApplicationJson, prefilled, type FormCatalog, type TokenIdentity } from '../forms/index.ts';
import type { TokenService } from '../token/index.ts';
import { approvalsRequested, awaitingSeal, type AuditTrail, type Ledger, type RequestsFound } from '../audit/index.ts';
import type { Application } from '../../../shared/model/application.ts';
import type { TokenCertificate } from '../../../shared/model/certificate.ts';
import { passphraseWrapper, Vault, type KeyWrapper } from '../vault/index.ts';
import type { OpenWorkspace } from './sync-api.ts';

type ApplicationMethods =
  | 'vault.status'
  | 'vault.unlock'
  | 'forms.catalog'
  | 'applications.list'
  | 'applications.create'
  | 'applications.get'
  | 'applications.save'
  | 'applications.remove'
  | 'applications.upload'
  | 'applications.attach'
  | 'applications.detach'
  | 'applications.readAttachment'
  | 'applications.sign'
  | 'applications.reopen'
  | 'applications.print'
  | 'applications.export'
  | 'audit.ledger'
  | 'audit.awaitingSeal';

/**
 * 申请 behind the API: the vault is opened at start with the OS keychain (desktop) or on the first
 * `vault.unlock` with a passphrase (web shell); until then every application call is VAULT_LOCKED.
 */
export class ApplicationsApi {
  #workspace: OpenWorkspace | null = null;
  readonly #uploads = new Uploads();
  readonly #dir: string;

  constructor(
    private readonly options: {
      dataDir: string;
      exportDir: string;
      catalog: FormCatalog;
      keychain: KeyWrapper | undefined;
      tokens: () => TokenService;
      /** A signed application went into the outbox. */
      onQueued: () => void;
      /** Read through the vault on 审计; it takes in a ledger key made before the vault existed. */
      ledger: Ledger;
      audit: AuditTrail;
    },
  ) {
    this.#dir = join(options.dataDir, 'vault');
    if (options.keychain) this.#open(options.keychain);
  }

  #open(wrapper: KeyWrapper): void {
    const vault = new Vault(this.#dir, wrapper);
    this.options.ledger.key.adoptPending(vault);
    this.#workspace = { vault, applications: new Applications(vault, this.options.catalog, this.options.exportDir) };
  }

  /** The open vault and its applications; null while locked. */
  get workspace(): OpenWorkspace | null {
    return this.#workspace;
  }

  /** 首页's documents sent for approval, read like `audit.awaitingSeal` through the vault. */
  requestedApprovals(): RequestsFound {
    return approvalsRequested(this.options.ledger.newestFirst(this.#openVault()), new Date());
  }

  get #ready(): Applications {
    return this.#openWorkspace().applications;
  }

  #openVault(): Vault {
    return this.#openWorkspace().vault;
  }

  #openWorkspace(): OpenWorkspace {
    if (this.#workspace === null) throw new AppError('VAULT_LOCKED');
    return this.#workspace;
  }

  status(): VaultStatus {
    const protection = this.options.keychain ? 'os-keychain' : 'passphrase';
    if (this.#workspace !== null) return { state: 'unlocked', protection };
    return { state: existsSync(join(this.#dir, 'key.json')) ? 'locked' : 'new', protection };
  }

  #unlock(passphrase: string): VaultStatus {
    if (this.#workspace !== null) return this.status();
    if (this.status().state === 'new' && passphraseLength(passphrase) < MIN_PASSPHRASE_CHARS) throw new AppError('PASSPHRASE_WEAK');
    this.#open(passphraseWrapper(passphrase));
    return this.status();
  }

  async #signingKey(serial: string, selector: string): Promise<SigningKey & { certificate: TokenCertificate }> {
    const { certificate, signer, chain } = await this.options.tokens().signingKit(serial, selector);
    return {
      certificate,
      signer,
      chain,
      holder: [certificate.subject.commonName, certificate.subject.organization].filter(Boolean).join('，'),
    };
  }

  /** The unit and holder the plugged-in tokens' certificates name; a token that cannot be read just adds nothing. */
  async #tokenIdentity(): Promise<TokenIdentity> {
    const service = this.options.tokens();
    const listings = await Promise.all((await service.tokens()).map((token) => service.certificates(token.serial).catch(() => null)));
    return identityFrom(listings.flatMap((listing) => listing?.certificates ?? []));
  }

  async #sign(id: string, serial: string, selector: string): Promise<Application> {
    const key = await this.#signingKey(serial, selector);
    const signed = await this.#ready.sign(id, key);
    const document = signed.signature && { name: signed.formTitle, sha256: signed.signature.sha256 };
    await this.options.audit.record({ kind: 'application-sign', serial, subject: key.certificate, document });
    this.options.onQueued();
    return signed;
  }

  readonly handlers: Pick<Handlers, ApplicationMethods> = {
    'vault.status': async () => this.status(),
    'vault.unlock': async ({ passphrase }) => this.#unlock(passphrase),
    // Needs no vault: the forms are public and 新建申请 lists them before anything is opened.
    'forms.catalog': async () => ({ ...this.options.catalog.published, kept: [...this.options.catalog.kept] }),
    'applications.list': async () => this.#ready.list(),
    'applications.create': async ({ formId, imported }) => {
      const applications = this.#ready;
      const data = imported === undefined ? {} : parseApplicationJson(imported.text, imported.name);
      return applications.create(formId, prefilled(this.options.catalog.formById(formId), data, await this.#tokenIdentity()));
    },
    'applications.get': async ({ id }) => this.#ready.open(id),
    'applications.save': async ({ id, data }) => this.#ready.save(id, data),
    'applications.remove': async ({ id }) => {
      this.#ready.remove(id);
      return {};
    },
    'applications.upload': async ({ uploadId, offset, base64 }) => ({
      received: this.#uploads.append(uploadId, offset, Buffer.from(base64, 'base64')),
    }),
    'applications.attach': async ({ id, field, name, uploadId }) => this.#ready.attach(id, field, name, this.#uploads.take(uploadId)),
    'applications.detach': async ({ id, field }) => this.#ready.detach(id, field),
    'applications.readAttachment': async ({ id, field, offset, length }) => {
      const { size, bytes } = this.#ready.attachmentRange(id, field, offset, length);
      return { size, base64: bytes.toString('base64') };
    },
    'applications.sign': async ({ id, serial, certificate }) => this.#sign(id, serial, certificate),
    'applications.reopen': async ({ id }) => this.#ready.reopen(id),
    'applications.print': async ({ id }) => ({ path: this.#ready.print(id) }),
    'applications.export': async ({ id }) => ({ path: await this.#ready.exportPackage(id) }),
    'audit.ledger': async () => this.options.ledger.read(this.#openVault()),
    'audit.awaitingSeal': async () => awaitingSeal(this.options.ledger.newestFirst(this.#openVault()), new Date()),
  };
}
