import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { readCertificateFields } from '../../../electron/services/pki/index.ts';
import { TokenService, type PinHistory } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { opensslCertificate } from '../../support/openssl.ts';
import { tempDir } from '../../support/temp.ts';
import { buildUsbKeyModule } from '../../support/usbkey-module.ts';

// A newly issued USBKey: the counting fixture over SoftHSM2 reports CKF_USER_PIN_TO_BE_CHANGED until C_SetPIN.
const provisioned = freshDemo('pin-care');
const changes = new Map<string, string>();
const history: PinHistory = {
  lastChange: (serial) => changes.get(serial) ?? '2026-01-01T00:00:00.000Z',
  recordChange: (serial) => void changes.set(serial, new Date().toISOString()),
};
let demo: DemoEnvironment;
let tokens: TokenService;
const NEW_PIN = 'Seal2026desk';

before(async () => {
  demo = await provisioned;
  process.env['SEALDESK_TEST_PIN_TO_BE_CHANGED'] = '1';
  tokens = await TokenService.open(buildUsbKeyModule(demo.modulePath, 3).path, { pinHistory: history });
  const holder = opensslCertificate(
    tempDir('pin-care-holder'),
    'ec',
    '/C=CN/CN=lisi/serialNumber=11010519491231002X/telephoneNumber=13812345678',
  );
  await tokens.login(demo.tokenSerial, demo.pin);
  const subjectDer = readCertificateFields(holder).subject.der;
  await tokens.importCertificate(demo.tokenSerial, { label: '持有人', idHex: '7f', der: holder, subjectDer });
});
after(async () => {
  delete process.env['SEALDESK_TEST_PIN_TO_BE_CHANGED'];
  await tokens.close();
});

async function token() {
  const [first] = await tokens.tokens();
  assert.ok(first);
  return first;
}

test('a token still on its issued PIN signs nothing until the PIN is changed', async () => {
  assert.deepEqual((await token()).pinStates, ['toBeChanged']);
  await assert.rejects(tokens.testSignature(demo.tokenSerial, '单位证书'), { code: 'PIN_CHANGE_REQUIRED' });
});

test('PIN rules are enforced at change time and leave the PIN as it was', async () => {
  const refused = [
    ['Ab1', 'PIN_RULE_TOO_SHORT'],
    ['12345678', 'PIN_RULE_LETTERS_DIGITS'],
    ['lisi2026ab', 'PIN_RULE_PERSONAL'],
    ['pin19491231', 'PIN_RULE_PERSONAL'],
    ['Tel13812345678', 'PIN_RULE_PERSONAL'],
  ] as const;
  for (const [pin, code] of refused) await assert.rejects(tokens.changePin(demo.tokenSerial, demo.pin, pin), { code }, pin);
  assert.deepEqual((await token()).pinStates, ['toBeChanged'], 'no refused PIN reached the token');
  await tokens.logout(demo.tokenSerial);
  await tokens.login(demo.tokenSerial, demo.pin);
});

test('a wrong current PIN counts as a failed try', async () => {
  await assert.rejects(tokens.changePin(demo.tokenSerial, '999999', NEW_PIN), { code: 'PIN_INCORRECT' });
  assert.ok((await token()).pinStates.includes('countLow'));
});

test('after the change signing works with the new PIN, the old one is refused, and the change date is recorded', async () => {
  const changed = await tokens.changePin(demo.tokenSerial, demo.pin, NEW_PIN);
  assert.deepEqual(changed.pinStates, ['ok']);
  assert.ok(Date.now() - Date.parse(changed.pinChangedAt ?? '') < 60_000);
  assert.equal((await tokens.testSignature(demo.tokenSerial, '单位证书')).verified, true);
  await tokens.logout(demo.tokenSerial);
  await assert.rejects(tokens.login(demo.tokenSerial, demo.pin), { code: 'PIN_INCORRECT' });
  await tokens.login(demo.tokenSerial, NEW_PIN);
  await assert.rejects(tokens.changePin(demo.tokenSerial, NEW_PIN, NEW_PIN), { code: 'PIN_RULE_REUSED' });
  await tokens.logout(demo.tokenSerial);
});

test('a locked token is reset by the IT administrator with the SO PIN; a wrong SO PIN changes nothing', async () => {
  for (let i = 0; i < 3; i++) await tokens.login(demo.tokenSerial, 'Wrong0000').catch(() => undefined);
  assert.deepEqual((await token()).pinStates, ['locked']);
  await assert.rejects(tokens.unlockPin(demo.tokenSerial, 'not-the-so-pin', 'Reset2026pin'), { code: 'PIN_INCORRECT' });
  await assert.rejects(tokens.unlockPin(demo.tokenSerial, demo.soPin ?? '', '1234'), { code: 'PIN_RULE_TOO_SHORT' });
  assert.deepEqual((await token()).pinStates, ['locked']);
  const unlocked = await tokens.unlockPin(demo.tokenSerial, demo.soPin ?? '', 'Reset2026pin');
  assert.deepEqual(unlocked.pinStates, ['ok']);
  assert.equal((await tokens.login(demo.tokenSerial, 'Reset2026pin')).loggedIn, true);
  await tokens.logout(demo.tokenSerial);
});

test('a PIN-pad reader logs in without a PIN from the computer', async () => {
  process.env['SEALDESK_TEST_PINPAD_PIN'] = 'Reset2026pin';
  try {
    const pinPad = await token();
    assert.equal(pinPad.protectedAuthenticationPath, true);
    assert.equal((await tokens.login(demo.tokenSerial, null)).loggedIn, true);
    assert.equal((await tokens.testSignature(demo.tokenSerial, '单位证书')).verified, true);
  } finally {
    delete process.env['SEALDESK_TEST_PINPAD_PIN'];
    await tokens.logout(demo.tokenSerial);
  }
});
