import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { ReferenceCenter } from '../../center/index.ts';
import { writeCenterConfig } from '../../center/config.ts';
import { DEMO_UNIT, issueLeaf, provisionDemo, type DemoEnvironment } from '../../electron/services/demo/index.ts';
import {
  certificateSigner,
  SessionKeyAgreement,
  sharedSecretSigner,
  signWithDigest,
  type MessageSigner,
  type SessionSecrets,
} from '../../electron/services/httpsig/index.ts';
import { TokenService, type Signer, type TokenServiceOptions } from '../../electron/services/token/index.ts';
import { Outbox, SyncService, type SyncDependencies } from '../../electron/services/sync/index.ts';
import { passphraseWrapper, Vault } from '../../electron/services/vault/index.ts';
import { CENTER_ROUTES, requestComponents, SessionResponseSchema, SIGNATURE_LIFETIME_SECONDS } from '../../shared/center/index.ts';
import type { CenterEnrolment } from '../../shared/model/center-link.ts';
import { tempDir } from './temp.ts';

export interface CenterFixture {
  center: ReferenceCenter;
  url: string;
  dir: string;
  demo: DemoEnvironment;
  enrolmentCode: string;
  /** The demo token, logged in. */
  tokens: TokenService;
  /** The unit certificate's key on it: what signs requests to the center. */
  unit: Signer;
  /** The center's CA, the root a client trusts the center by. */
  trustedRoots: Uint8Array[];
}

/**
 * A reference center on loopback and a fresh demo token, logged in, whose certificates its CA issued
 * (and which it has on its register), for this test file only. Call at module scope, like freshDemo.
 */
export function freshCenter(
  prefix: string,
  tokenOptions: Pick<TokenServiceOptions, 'isBlocked'> = {},
  config: Parameters<typeof writeCenterConfig>[1] = {},
): Promise<CenterFixture> {
  const dir = tempDir(prefix);
  const ready = (async () => {
    mkdirSync(join(dir, 'center'), { recursive: true });
    writeCenterConfig(join(dir, 'center'), config);
    const center = await ReferenceCenter.open(join(dir, 'center'));
    const demo = await provisionDemo(join(dir, 'demo'), { ca: center.authority.ca, onIssued: (der) => center.register(der) });
    const url = await center.listen();
    const tokens = await TokenService.open(demo.modulePath, tokenOptions);
    await tokens.login(demo.tokenSerial, demo.pin);
    const unit = await tokens.signerFor(demo.tokenSerial, '单位证书');
    const trustedRoots = [new Uint8Array(center.authority.ca.certificate.rawData)];
    return { center, url, dir, demo, enrolmentCode: center.createEnrolmentCode(DEMO_UNIT), tokens, unit, trustedRoots };
  })();
  after(async () => {
    const { center, tokens } = await ready;
    await tokens.close();
    await center.close();
  });
  return ready;
}

/** The client's side of a fixture: an encrypted outbox under `dir/client` and the sync service over it. */
export function clientSync(
  f: CenterFixture,
  enrolment: () => CenterEnrolment,
  options: Pick<SyncDependencies, 'partsOf'> & Partial<Pick<SyncDependencies, 'onStatus' | 'onProgress'>>,
): { outbox: Outbox; sync: SyncService } {
  const vault = new Vault(join(f.dir, 'client'), passphraseWrapper('correct horse battery'));
  const outbox = new Outbox(vault);
  const sync = new SyncService({
    outbox,
    vault,
    spoolDir: join(f.dir, 'client', 'spool'),
    enrolment,
    unitSigner: () => Promise.resolve(f.unit),
    ...options,
  });
  return { outbox, sync };
}

/**
 * Another unit's key on a new token in the fixture's SoftHSM2: a 单位证书 (EC P-256) for `unitName`
 * from the center's CA and on its register, as a second office would hold. Logged in; not enrolled.
 */
export async function anotherUnit(f: CenterFixture, unitName: string): Promise<Signer> {
  const { signer } = await unitOnNewToken(f.tokens, f.center, unitName);
  // A new token in the slot list reopens every session, so the demo token is logged in again.
  await f.tokens.login(f.demo.tokenSerial, f.demo.pin);
  return signer;
}

/** A new token in `tokens`' SoftHSM2 holding a P-256 单位证书 for `unitName`, issued and registered by `center`; logged in. */
export async function unitOnNewToken(
  tokens: TokenService,
  center: ReferenceCenter,
  unitName: string,
): Promise<{ serial: string; pin: string; signer: Signer }> {
  const pin = '135790';
  const serial = await tokens.initToken('another-unit', randomBytes(8).toString('hex'), pin);
  await tokens.login(serial, pin);
  const spki = await tokens.generateKeyPair(serial, { kind: 'EC', curve: 'P-256', label: '单位证书', idHex: '21' });
  const issued = await issueLeaf(center.authority.ca, spki, {
    kind: 'unit',
    subject: `C=CN, O=${unitName}, CN=${unitName}`,
    validDays: 30,
  });
  const der = new Uint8Array(issued.rawData);
  await tokens.importCertificate(serial, {
    label: '单位证书',
    idHex: '21',
    der,
    subjectDer: new Uint8Array(issued.subjectName.toArrayBuffer()),
  });
  center.register(der);
  return { serial, pin, signer: await tokens.signerFor(serial, '单位证书') };
}

/**
 * A request's fields signed as the client signs them (RFC 9421 with Content-Digest): on the token's
 * `signer`, or with a session's key. For a test that then sends them by hand, alters them, or sends them twice.
 */
export function signedRequest(
  signer: Signer | MessageSigner,
  request: { method: string; url: string; body?: Uint8Array; headers?: Record<string, string>; now?: Date },
): Promise<Record<string, string>> {
  const headers = request.headers ?? { 'content-type': 'application/json' };
  return signWithDigest(
    { method: request.method, targetUri: request.url, headers },
    request.body ?? new Uint8Array(),
    'keyid' in signer ? signer : certificateSigner(signer),
    {
      components: requestComponents(headers),
      now: request.now ?? new Date(),
      lifetimeSeconds: SIGNATURE_LIFETIME_SECONDS,
    },
  );
}

/** A session registered by hand as the client registers one (POST /v1/sessions, signed on `signer`). */
export async function registeredSession(
  centerUrl: string,
  signer: Signer,
): Promise<{ id: string; secrets: SessionSecrets; signer: MessageSigner }> {
  const agreement = new SessionKeyAgreement();
  const url = `${centerUrl}${CENTER_ROUTES.session.path}`;
  const body = Buffer.from(JSON.stringify({ publicKey: Buffer.from(agreement.publicKey).toString('base64') }));
  const response = await fetch(url, { method: 'POST', headers: await signedRequest(signer, { method: 'POST', url, body }), body });
  const answer = SessionResponseSchema.parse(await response.json());
  const secrets = agreement.secrets(Buffer.from(answer.publicKey, 'base64'), answer.sessionId, 'client');
  return { id: answer.sessionId, secrets, signer: sharedSecretSigner(answer.sessionId, secrets.requests) };
}
