import { randomInt, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { withCheckCharacter } from '../../../shared/validation/credit-code.ts';
import { pemFromDer } from '../pki/index.ts';
import { writeFileAtomic } from '../platform/atomic-write.ts';
import { findSoftHsmModule, TokenService, type KeyPairSpec } from '../token/index.ts';
import { createDemoCa, issueLeaf, type DemoCa, type LeafProfile } from './ca.ts';
import { readDemoEnvironment, shownDemoPin, writeDemoEnvironment, type DemoEnvironment } from './environment.ts';

const DEMO_TOKEN_LABEL = 'SealDesk 演示';
/** The demo's personal certificate: 张三's, whom the demo unit authorises to approve. */
export const DEMO_APPROVER_CERTIFICATE = '个人证书';
export const DEMO_UNIT = '示例市大数据管理局';
export const DEMO_CA_NAME = 'C=CN, O=示例市电子政务资源中心, CN=示例市电子政务资源中心 演示 CA';

interface DemoObject {
  keyPair: KeyPairSpec;
  profile: LeafProfile;
}

function demoObjects(): DemoObject[] {
  const creditCode = withCheckCharacter('11350100MB0000001');
  return [
    {
      keyPair: { kind: 'RSA', bits: 2048, label: '单位证书', idHex: '01' },
      profile: { kind: 'unit', subject: `C=CN, ST=福建省, L=示例市, O=${DEMO_UNIT}, OU=${creditCode}, CN=${DEMO_UNIT}`, validDays: 365 },
    },
    {
      keyPair: { kind: 'EC', curve: 'P-256', label: DEMO_APPROVER_CERTIFICATE, idHex: '02' },
      profile: { kind: 'personal', subject: `C=CN, O=${DEMO_UNIT}, OU=办公室, CN=张三`, validDays: 365 },
    },
    {
      keyPair: { kind: 'EC', curve: 'P-256', label: '电子印章', idHex: '03' },
      profile: { kind: 'seal', subject: `C=CN, O=${DEMO_UNIT}, OU=${creditCode}, CN=${DEMO_UNIT}电子印章`, validDays: 60 },
    },
  ];
}

/**
 * A SoftHSM2 token under `dir` holding a unit, a personal and a seal certificate, all from a demo CA
 * (the reference center's, when given). Idempotent: an existing environment is returned as it is.
 * SOFTHSM2_CONF is set for this process. `onIssued` sees each certificate put on the token.
 */
export async function provisionDemo(
  dir: string,
  options: { ca?: DemoCa; onIssued?: (certificate: Uint8Array) => void } = {},
): Promise<DemoEnvironment> {
  const existing = readDemoEnvironment(dir);
  if (existing !== null) {
    process.env['SOFTHSM2_CONF'] = existing.softhsmConf;
    return existing;
  }
  const modulePath = findSoftHsmModule();
  if (modulePath === null) throw new AppError('TOOL_MISSING', { tool: 'softhsm2' });
  const softhsmConf = join(dir, 'softhsm2.conf');
  const tokenDir = join(dir, 'tokens');
  mkdirSync(tokenDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(
    softhsmConf,
    `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`,
  );
  process.env['SOFTHSM2_CONF'] = softhsmConf;

  const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const tokens = await TokenService.open(modulePath);
  try {
    const soPin = randomBytes(12).toString('hex');
    const tokenSerial = await tokens.initToken(DEMO_TOKEN_LABEL, soPin, pin);
    const caCertPath = join(dir, 'demo-ca.pem');
    await populateToken(tokens, tokenSerial, pin, caCertPath, options);
    const storePassphrase = randomBytes(12).toString('base64url');
    const env: DemoEnvironment = {
      dir,
      softhsmConf,
      modulePath,
      tokenLabel: DEMO_TOKEN_LABEL,
      tokenSerial,
      pin,
      pinChanged: false,
      soPin,
      caCertPath,
      storePassphrase,
    };
    writeDemoEnvironment(env);
    return env;
  } catch (error) {
    throw error instanceof AppError ? error : new AppError('DEMO_PROVISION_FAILED', {}, { cause: error });
  } finally {
    await tokens.close();
  }
}

async function populateToken(
  tokens: TokenService,
  serial: string,
  pin: string,
  caCertPath: string,
  options: { ca?: DemoCa; onIssued?: (certificate: Uint8Array) => void },
): Promise<void> {
  const ca = options.ca ?? (await createDemoCa(DEMO_CA_NAME));
  writeFileAtomic(caCertPath, pemFromDer(new Uint8Array(ca.certificate.rawData)), 0o644);
  await tokens.login(serial, pin);
  for (const { keyPair, profile } of demoObjects()) {
    const spki = await tokens.generateKeyPair(serial, keyPair);
    const certificate = await issueLeaf(ca, spki, profile);
    options.onIssued?.(new Uint8Array(certificate.rawData));
    await tokens.importCertificate(serial, {
      label: keyPair.label,
      idHex: keyPair.idHex,
      der: new Uint8Array(certificate.rawData),
      subjectDer: new Uint8Array(certificate.subjectName.toArrayBuffer()),
    });
  }
  await tokens.importCertificate(serial, {
    label: '演示 CA',
    idHex: 'ca',
    der: new Uint8Array(ca.certificate.rawData),
    subjectDer: new Uint8Array(ca.certificate.subjectName.toArrayBuffer()),
  });
  await tokens.logout(serial);
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The shell lines `sealdesk demo init` prints so that `eval "$(…)"` makes the other commands work. */
export function demoExports(env: DemoEnvironment): string {
  const pin = shownDemoPin(env);
  const passphrase =
    env.storePassphrase === null
      ? []
      : [
          '# 演示专用的本地存储口令，切勿用于真实数据 / demo only: never protect real data with it',
          `export SEALDESK_PASSPHRASE=${shellQuote(env.storePassphrase)}`,
        ];
  return [
    `export SOFTHSM2_CONF=${shellQuote(env.softhsmConf)}`,
    `export SEALDESK_PKCS11_MODULE=${shellQuote(env.modulePath)}`,
    `export SEALDESK_TOKEN=${shellQuote(env.tokenLabel)}`,
    ...(pin === null ? [] : [`export SEALDESK_PIN=${shellQuote(pin)}`]),
    `export SEALDESK_DEMO_CA=${shellQuote(env.caCertPath)}`,
    ...passphrase,
  ].join('\n');
}
