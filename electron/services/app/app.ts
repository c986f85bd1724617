import { closeSync, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import type { AppInfo, Emit, Handlers } from '../../../shared/api/index.ts';
import { AppError, toWireError } from '../../../shared/errors.ts';
import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import type { Settings } from '../../../shared/model/settings.ts';
import type { UnlockRequestRef } from '../../../shared/model/unlock-request.ts';
import { DEMO_APPROVER_CERTIFICATE, markDemoPinChanged, provisionDemo, shownDemoPin, type DemoEnvironment } from '../demo/index.ts';
import { runDiagnostics } from '../diagnostics/index.ts';
import { FormCatalog } from '../forms/index.ts';
import { describePdf, openPdfFile, readPdfRange } from '../pdf/index.ts';
import { derFromPem, describeCertificate, listTrustedRoots, trustedRootsOf } from '../pki/index.ts';
import { derivedOutputPaths, repairDocument, SealDeskService, stepOutputPaths } from '../seal/index.ts';
import { Inbox, listFolder, places, saveCopy } from '../files/index.ts';
import { enrolledEvidence, type NewOutboxItem } from '../sync/index.ts';
import { applyPatch, blockList, settingsPinHistory, type SettingsStore } from '../settings/index.ts';
import { detectModules, TokenService } from '../token/index.ts';
import type { KeyWrapper } from '../vault/index.ts';
import { CertificateRequests, CertificateWatch } from '../certs/index.ts';
import { AuditTrail, Ledger } from '../audit/index.ts';
import { CustodyService } from '../custody/index.ts';
import { ApplicationsApi } from './applications-api.ts';
import { AuditReportApi } from './audit-report-api.ts';
import { CertsApi } from './certs-api.ts';
import { SyncApi, type DemoCenter } from './sync-api.ts';
import { checkUnlockRequest, checkUnlockRequestFiles, listUnlockRequests, requestUnlock } from '../unlock/index.ts';
import { APP_VERSION } from './version.ts';

export interface AppOptions {
  shell: AppInfo['shell'];
  dataDir: string;
  settings: SettingsStore;
  /** The module named by SEALDESK_PKCS11_MODULE, which overrides the saved setting. */
  moduleOverride: string | null;
  /** The desktop shell's native file dialog; the web shell has none. */
  pickFiles?: (kind: FileKind) => Promise<string[]>;
  /** The desktop shell's hands on a written file: 打开, 在文件夹中显示 and 打印 (a print dialog for the PDF). */
  showFile?: { open(path: string): Promise<void>; reveal(path: string): void; print(path: string): Promise<void> };
  /** The desktop shell's save dialog (it asks itself before replacing a file); the web shell has its own. */
  pickSavePath?: (name: string) => Promise<string | null>;
  /** The desktop shell protects the vault key with the OS keychain; without it a passphrase unlocks the vault. */
  keychain?: KeyWrapper;
  /** Where printed applications and exported packages go; defaults to `exports` in the data directory. */
  exportDir?: string;
  /** Demo mode's token, and the reference center beside it where the shell runs one; defaults to the token alone. */
  provisionDemo?: DemoProvisioner;
  /** Background sync and certificate-check period; defaults to a minute. */
  syncIntervalMs?: number;
  /** The clock certificate reminders use; tests move it to any date. */
  now?: () => Date;
}

export type DemoProvisioner = (dir: string) => Promise<{ demo: DemoEnvironment; center: DemoCenter | null }>;

const tokenOnlyDemo: DemoProvisioner = async (dir) => ({ demo: await provisionDemo(dir), center: null });
const SYNC_INTERVAL_MS = 60_000;

export type FileKind = 'module' | 'pdf' | 'folder';

/**
 * The services behind the API contract, shared by the desktop shell, the web shell and the CLI. It
 * holds the one TokenService of the process and the demo environment when no module is configured.
 */
export class SealDeskApp {
  #tokens: TokenService | null = null;
  #moduleError: AppError | null = null;
  #demo: DemoEnvironment | null = null;
  #demoCenter: DemoCenter | null = null;
  readonly #listeners = new Set<Emit>();
  readonly #catalog: FormCatalog;
  readonly #applications: ApplicationsApi;
  readonly #sync: SyncApi;
  readonly #certs: CertsApi;
  readonly #reports: AuditReportApi;
  readonly #requests: CertificateRequests;
  readonly #ledger: Ledger;
  readonly #audit: AuditTrail;
  readonly #inbox: Inbox;
  readonly handlers: Handlers;

  constructor(readonly options: AppOptions) {
    this.#catalog = FormCatalog.in(options.dataDir);
    this.#inbox = new Inbox(join(options.dataDir, 'inbox'));
    this.#ledger = Ledger.in(options.dataDir, options.settings);
    this.#audit = new AuditTrail({ ledger: this.#ledger, method: options.shell, tokens: () => this.tokenService });
    this.#applications = new ApplicationsApi({
      ledger: this.#ledger,
      audit: this.#audit,
      dataDir: options.dataDir,
      exportDir: options.exportDir ?? join(options.dataDir, 'exports'),
      catalog: this.#catalog,
      keychain: options.keychain,
      tokens: () => this.tokenService,
      onQueued: () => this.#sync.soon(),
    });
    this.#sync = new SyncApi({
      dataDir: options.dataDir,
      settings: options.settings,
      workspace: () => this.#applications.workspace,
      tokens: () => this.tokenService,
      demoCenter: () => this.#demoCenter,
      emit: (event, payload) => this.#emit(event, payload),
      adoptReference: (reference) => this.#desk().adoptCenterReference(reference),
      catalog: this.#catalog,
      intervalMs: options.syncIntervalMs ?? SYNC_INTERVAL_MS,
      certificateAnswered: (id, change) => this.#requests.answered(id, change),
      audit: this.#audit,
      ledger: this.#ledger,
    });
    const watch = new CertificateWatch({
      tokens: () => this.tokenService,
      settings: options.settings,
      extraRootFiles: () => this.#demoRootFiles(),
      cacheDir: join(options.dataDir, 'pki'),
      now: options.now,
    });
    this.#requests = new CertificateRequests({
      tokens: () => this.tokenService,
      dir: join(options.dataDir, 'certificate-requests'),
      queue: (item) => this.#sync.enqueue(item),
      roots: () => this.#roots(),
      blocks: blockList(options.settings),
      renewed: (replaced, installed) => this.#desk().impressions.carryOver(replaced, installed.fingerprintSha256),
      withdraw: (id) => this.#sync.withdraw(id),
      audit: this.#audit,
    });
    const emit: Emit = (event, payload) => this.#emit(event, payload);
    this.#certs = new CertsApi(watch, this.#requests, emit, options.syncIntervalMs ?? SYNC_INTERVAL_MS);
    this.#reports = new AuditReportApi({
      dataDir: options.dataDir,
      settings: options.settings,
      ledger: this.#ledger,
      workspace: () => this.#applications.workspace,
      enqueue: (item) => this.#sync.enqueue(item),
      now: options.now,
    });
    this.handlers = {
      ...this.#applications.handlers,
      ...this.#sync.handlers,
      ...this.#certs.handlers,
      ...this.#reports.handlers,
      ...this.#ownHandlers,
    };
  }

  async start(): Promise<void> {
    await this.#openModule(this.#configuredModule());
    this.#sync.start();
    this.#certs.start();
  }

  /** In demo mode the demo CA is trusted, seals get a generated impression and 张三 may approve. */
  #desk(): SealDeskService {
    return new SealDeskService({
      dataDir: this.options.dataDir,
      settings: this.options.settings,
      tokens: () => this.tokenService,
      extraRootFiles: this.#demoRootFiles(),
      demoImpressions: this.#demo !== null,
      evidence: async () => enrolledEvidence(this.options.settings),
      audit: this.#audit,
    });
  }

  #custody(): CustodyService {
    const { dataDir, settings } = this.options;
    const delivery = {
      ready: () => {
        if (settings.read().centerEnrolment === null) return false;
        if (this.#applications.workspace === null) throw new AppError('VAULT_LOCKED');
        return true;
      },
      queue: (item: NewOutboxItem) => this.#sync.enqueue(item),
    };
    return new CustodyService({ dataDir, settings, tokens: () => this.tokenService, audit: this.#audit, delivery });
  }

  /** Each output named once from its original (原名-已盖章.pdf); a taken name is refused unless the user confirmed replacing it. */
  async #seal(params: Parameters<Handlers['documents.seal']>[0]): Promise<Awaited<ReturnType<Handlers['documents.seal']>>> {
    const total = params.inputs.length;
    const { output, outDir, ...batch } = params;
    const outputs = stepOutputPaths(params.inputs, '已盖章', { output, outDir });
    return this.#desk().sealBatch(
      { ...batch, outputs },
      {
        onProgress: (index, fraction) => this.#emit('documents.progress', { input: params.inputs[index] ?? '', index, total, fraction }),
      },
    );
  }

  async stop(): Promise<void> {
    this.#sync.stop();
    this.#certs.stop();
    await this.#tokens?.close();
    this.#tokens = null;
  }

  onEvent(listener: Emit): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get tokenService(): TokenService {
    if (this.#tokens === null) throw this.#moduleError ?? new AppError('MODULE_NOT_CONFIGURED');
    return this.#tokens;
  }

  get demo(): DemoEnvironment | null {
    return this.#demo;
  }

  get demoCenter(): DemoCenter | null {
    return this.#demoCenter;
  }

  readonly #ownHandlers: Omit<
    Handlers,
    keyof ApplicationsApi['handlers'] | keyof SyncApi['handlers'] | keyof CertsApi['handlers'] | keyof AuditReportApi['handlers']
  > = {
    'seals.list': async () => this.#desk().seals(),
    'seals.impression': async ({ fingerprint }) => {
      const raw = this.#desk().impressions.raw(fingerprint);
      return (
        raw && { format: raw.meta.format, base64: raw.bytes.toString('base64'), widthMm: raw.meta.widthMm, heightMm: raw.meta.heightMm }
      );
    },
    'seals.importImpression': async ({ fingerprint, format, base64, widthMm }) =>
      this.#desk().importImpression(fingerprint, Buffer.from(base64, 'base64'), format, widthMm),
    'documents.read': async ({ path, offset, length }) => {
      const { size, bytes } = readPdfRange(path, offset, length);
      return { size, base64: bytes.toString('base64') };
    },
    'documents.describe': async ({ path }) => describePdf(path),
    'documents.verify': async ({ path }) => this.#desk().verify(path),
    'documents.layout': async ({ path }) => this.#desk().layout(path),
    'documents.repair': async ({ input, overwrite }) => ({ output: await repairDocument(input, undefined, overwrite ?? false) }),
    'documents.outputs': async ({ inputs, task, outDir }) => {
      const outputs = derivedOutputPaths(inputs, task === 'approve' ? '已签发' : '已盖章', outDir);
      return inputs.map((input, i) => ({ input, output: outputs[i] ?? '', exists: existsSync(outputs[i] ?? '') }));
    },
    'documents.approve': async (params) => {
      const output = stepOutputPaths([params.input], '已签发', params)[0] ?? '';
      try {
        const result = await this.#desk().approve({ ...params, output });
        return { input: params.input, output: result.output, error: null };
      } catch (error) {
        return { input: params.input, output: null, error: toWireError(error) };
      }
    },
    'documents.seal': async (params) => this.#seal(params),
    'documents.export': async ({ serial, certificate, path }) => {
      await this.#desk().recordExport({ serial, certificate }, path);
      return {};
    },
    'custody.status': async () => this.#custody().status(),
    'custody.delegate': async ({ from, until, ...request }) =>
      this.#custody().delegate({ ...request, from: new Date(from), until: new Date(until) }),
    'custody.return': async () => this.#custody().takeBack(),
    'documents.print': async ({ serial, certificate, path }) => {
      const shown = this.#showFile();
      // On record before it goes to the printer, as a download is before its bytes leave.
      await this.#desk().recordExport({ serial, certificate }, onlyPdf(path));
      await shown.print(path);
      return {};
    },
    'documents.requestApproval': async (request) => this.#desk().requestApproval(request),
    'audit.awaitingApproval': async () => this.#desk().awaitingApproval(this.#applications.requestedApprovals()),
    'app.info': async () => this.#info(),
    'tokens.list': async () => this.tokenService.tokens(),
    'tokens.certificates': async ({ serial }) => this.tokenService.certificates(serial),
    'tokens.login': async ({ serial, pin }) => this.tokenService.login(serial, pin),
    'tokens.logout': async ({ serial }) => this.tokenService.logout(serial),
    'tokens.changePin': async ({ serial, oldPin, newPin }) => {
      const token = await this.tokenService.changePin(serial, oldPin, newPin);
      await this.#audit.record({ kind: 'pin-change', serial, subject: null });
      if (this.#demo?.tokenSerial === serial && !this.#demo.pinChanged) {
        this.#demo = markDemoPinChanged(this.#demo);
        this.#emit('settings.changed', this.options.settings.read());
      }
      return token;
    },
    'tokens.unlockPin': async ({ serial, soPin, newPin, request }) => {
      await this.#checkUnlockRequest(serial, request);
      const token = await this.tokenService.unlockPin(serial, soPin, newPin);
      await this.#audit.record({ kind: 'pin-unlock', serial, subject: null });
      return token;
    },
    'tokens.unlockRequests': async ({ serial }) => listUnlockRequests(this.#unlockRequestDir(), serial, this.#roots()),
    'tokens.unlockRequest': async ({ serial, signWith }) => {
      const signer = { serial: signWith.serial, selector: signWith.certificate };
      return { path: await requestUnlock(this.tokenService, serial, signer, this.#unlockRequestDir()) };
    },
    'tokens.testSignature': async ({ serial, certificate, pin }) => this.tokenService.testSignature(serial, certificate, pin),
    'settings.get': async () => this.options.settings.read(),
    'settings.update': async (patch) => this.#updateSettings(patch),
    'modules.detect': async () => detectModules(),
    'trust.roots': async () => listTrustedRoots(this.options.settings.read(), this.#demoRootFiles()),
    'modules.pick': async () => {
      const [path = null] = await this.#pick('module');
      return { path };
    },
    'documents.pick': async () => ({ paths: await this.#pick('pdf') }),
    'files.pickFolder': async () => ({ path: (await this.#pick('folder'))[0] ?? null }),
    'files.list': async ({ path, extensions }) => listFolder(path ?? homedir(), { extensions }),
    'files.places': async () =>
      places(this.options.settings.read().recentFolders, existsSync(this.#inbox.folder) ? this.#inbox.folder : null),
    'files.inboxStart': async ({ name, size }) => ({ id: await this.#inbox.start(name, size) }),
    'files.inboxAppend': async ({ id, offset, base64 }) => this.#inbox.append(id, offset, Buffer.from(base64, 'base64')),
    'files.open': async ({ path }) => {
      await this.#showFile().open(onlyPdf(path));
      return {};
    },
    'files.reveal': async ({ path }) => {
      this.#showFile().reveal(path);
      return {};
    },
    'files.saveAs': async ({ from, to, overwrite }) => {
      await saveCopy(from, to, overwrite);
      return {};
    },
    'files.pickSave': async ({ name }) => {
      if (this.options.pickSavePath === undefined) throw new AppError('NOT_SUPPORTED_IN_SHELL');
      return { path: await this.options.pickSavePath(name) };
    },
    'diagnostics.run': async () =>
      runDiagnostics({
        tokens: this.#tokens,
        demoMode: this.#demo !== null,
        app: {
          version: APP_VERSION,
          shell: this.options.shell,
          platform: `${process.platform}-${process.arch}`,
          node: process.versions.node,
        },
      }),
  };

  #unlockRequestDir(): string {
    return join(this.options.dataDir, 'unlock-requests');
  }

  async #checkUnlockRequest(serial: string, ref: UnlockRequestRef): Promise<void> {
    if ('id' in ref) await checkUnlockRequest(join(this.#unlockRequestDir(), ref.id), serial, this.#roots());
    else await checkUnlockRequestFiles(Buffer.from(ref.json, 'base64'), Buffer.from(ref.p7s, 'base64'), serial, this.#roots());
  }

  #showFile(): NonNullable<AppOptions['showFile']> {
    if (this.options.showFile === undefined) throw new AppError('NOT_SUPPORTED_IN_SHELL');
    return this.options.showFile;
  }

  #pick(kind: FileKind): Promise<string[]> {
    if (this.options.pickFiles === undefined) throw new AppError('NOT_SUPPORTED_IN_SHELL');
    return this.options.pickFiles(kind);
  }

  #emit: Emit = (event, payload) => {
    for (const listener of this.#listeners) listener(event, payload);
  };

  #configuredModule(): string | null {
    return this.options.moduleOverride ?? this.options.settings.read().pkcs11Module;
  }

  #info(): AppInfo {
    return {
      version: APP_VERSION,
      shell: this.options.shell,
      demo: {
        active: this.#demo !== null,
        pin: this.#demo === null ? null : shownDemoPin(this.#demo),
        tokenLabel: this.#demo?.tokenLabel ?? null,
      },
      moduleConfigured: this.#configuredModule() !== null,
      moduleError: this.#moduleError?.toWire() ?? null,
      canPickFiles: this.options.pickFiles !== undefined,
    };
  }

  /** A module that fails to load leaves the app running with the error shown, never a crash. */
  async #openModule(modulePath: string | null): Promise<void> {
    this.#moduleError = null;
    try {
      const provisioned =
        modulePath === null ? await (this.options.provisionDemo ?? tokenOnlyDemo)(join(this.options.dataDir, 'demo')) : null;
      this.#demo = provisioned?.demo ?? null;
      this.#demoCenter = provisioned?.center ?? null;
      const idle = { limitMs: () => this.options.settings.read().idleLogoutMinutes * 60_000 };
      const pinHistory = settingsPinHistory(this.options.settings);
      const isBlocked = blockList(this.options.settings).has;
      const module = modulePath ?? this.#demo?.modulePath ?? '';
      this.#attach(await TokenService.open(module, { trustedRoots: this.#trustedRoots(), idle, pinHistory, isBlocked }));
      if (this.#demo !== null) await this.#authoriseDemoApprover(this.#demo);
    } catch (error) {
      this.#moduleError = error instanceof AppError ? error : new AppError('INTERNAL', {}, { cause: error });
    }
  }

  /** A first demo run has nobody to approve; the demo's personal certificate is added where the user sees it (设置). */
  async #authoriseDemoApprover(demo: DemoEnvironment): Promise<void> {
    if (this.options.settings.read().approvers.length > 0) return;
    await this.#desk().authoriseApprover({ serial: demo.tokenSerial, certificate: DEMO_APPROVER_CERTIFICATE });
  }

  #attach(tokens: TokenService): void {
    this.#tokens = tokens;
    tokens.onTokensChanged((list) => {
      this.#emit('tokens.changed', { tokens: list });
      this.#certs.check();
    });
  }

  /** The demo CA, trusted in demo mode only. */
  #demoRootFiles(): string[] {
    return this.#demo === null ? [] : [this.#demo.caCertPath];
  }

  /** The roots every check trusts: the unit's configured ones, and the demo CA in demo mode. */
  #roots(): Uint8Array[] {
    return trustedRootsOf(this.options.settings.read(), this.#demoRootFiles());
  }

  #trustedRoots(): CertificateDetails[] {
    return this.#demoRootFiles().flatMap((file) => derFromPem(readFileSync(file, 'utf8')).map(describeCertificate));
  }

  /** A module that fails to load is not saved: the previous one is reopened and the error returned. */
  async #updateSettings(patch: Parameters<Handlers['settings.update']>[0]): Promise<Settings> {
    const previous = this.options.settings.read().pkcs11Module;
    const candidate = patch.pkcs11Module === undefined ? previous : patch.pkcs11Module;
    if (candidate !== previous && this.options.moduleOverride === null) {
      await this.stop();
      await this.#openModule(candidate);
      const failure = this.#moduleError;
      if (failure !== null) {
        await this.#openModule(previous);
        throw failure;
      }
    }
    const settings = applyPatch(this.options.settings, patch);
    this.#emit('settings.changed', settings);
    if (this.#tokens !== null) this.#emit('tokens.changed', { tokens: await this.#tokens.tokens() });
    return settings;
  }
}

/** The system opens or prints a file with whatever program its type names: only a PDF, so nothing is ever run. */
function onlyPdf(path: string): string {
  if (extname(path).toLowerCase() !== '.pdf') throw new AppError('PDF_NOT_PDF', { path });
  closeSync(openPdfFile(path).fd);
  return path;
}
