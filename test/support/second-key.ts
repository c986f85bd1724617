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
