import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoCa, DEMO_UNIT, issueLeaf } from '../../electron/services/demo/index.ts';
import { pemFromDer } from '../../electron/services/pki/index.ts';
import type { TokenService } from '../../electron/services/token/index.ts';

export interface SecondKey {
  serial: string;
  label: string;
  pin: string;
  /** Its own CA, the one its 单位证书 chains to. */
  caDer: Uint8Array;
  caPath: string;
}

/**
 * Another USBKey of the unit beside the demo one (a new token in the same SoftHSM2), holding a 单位证书
 * (EC P-256) from a CA of its own, logged in through `tokens`. Its throwaway PINs protect nothing.
 */
export async function addUnitKey(tokens: TokenService, dir: string, label = '单位 USBKey'): Promise<SecondKey> {
  const pin = '246810';
  const ca = await createDemoCa('CN=单位 IT CA');
  const serial = await tokens.initToken(label, randomBytes(8).toString('hex'), pin);
  await tokens.login(serial, pin);
  const keyPair = { kind: 'EC', curve: 'P-256', label: '单位证书', idHex: '11' } as const;
  const spki = await tokens.generateKeyPair(serial, keyPair);
  const issued = await issueLeaf(ca, spki, { kind: 'unit', subject: `C=CN, O=${DEMO_UNIT}, CN=${DEMO_UNIT}`, validDays: 30 });
  const subjectDer = new Uint8Array(issued.subjectName.toArrayBuffer());
  await tokens.importCertificate(serial, { label: '单位证书', idHex: '11', der: new Uint8Array(issued.rawData), subjectDer });
  const caDer = new Uint8Array(ca.certificate.rawData);
  const caPath = join(dir, 'it-ca.pem');
  writeFileSync(caPath, pemFromDer(caDer));
  return { serial, label, pin, caDer, caPath };
}

/**
 * A colleague's own USBKey (a new token in the same SoftHSM2) holding their 个人证书 (EC P-256) from a CA of
 * its own (written to `dir`), logged in with `pin` (the demo's, so one SEALDESK_PIN serves the CLI too). A new token reopens
 * every session, so `relogin` (the demo token's serial and PIN) is logged in again.
 */
export async function addPersonalKey(
  tokens: TokenService,
  holder: { name: string; label: string; idHex: string },
  pin: string,
  relogin: { serial: string; pin: string },
  dir: string,
): Promise<{ serial: string; fingerprint: string; caPath: string }> {
  const ca = await createDemoCa(`CN=${holder.name} 的 CA`);
  const serial = await tokens.initToken(holder.label, randomBytes(8).toString('hex'), pin);
  await tokens.login(serial, pin);
  const keyPair = { kind: 'EC', curve: 'P-256', label: '个人证书', idHex: holder.idHex } as const;
  const spki = await tokens.generateKeyPair(serial, keyPair);
  const issued = await issueLeaf(ca, spki, { kind: 'personal', subject: `C=CN, O=${DEMO_UNIT}, CN=${holder.name}`, validDays: 30 });
  const subjectDer = new Uint8Array(issued.subjectName.toArrayBuffer());
  await tokens.importCertificate(serial, { label: '个人证书', idHex: holder.idHex, der: new Uint8Array(issued.rawData), subjectDer });
  await tokens.login(relogin.serial, relogin.pin);
  const { certificate } = await tokens.certificateDer(serial, '个人证书');
  const caPath = join(dir, `${holder.idHex}-ca.pem`);
  writeFileSync(caPath, pemFromDer(new Uint8Array(ca.certificate.rawData)));
  return { serial, fingerprint: certificate.fingerprintSha256, caPath };
}
