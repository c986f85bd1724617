import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { demoExports, type DemoEnvironment } from '../../../electron/services/demo/index.ts';
import { derFromPem } from '../../../electron/services/pki/index.ts';
import { TokenService } from '../../../electron/services/token/index.ts';
import {
  checkUnlockRequest,
  checkUnlockRequestFiles,
  listUnlockRequests,
  requestUnlock,
  UNLOCK_REQUEST_FILES,
} from '../../../electron/services/unlock/index.ts';
import { parseExports, runSealdesk } from '../../support/cli.ts';
import { freshDemo } from '../../support/demo.ts';
import { opensslCmsVerify } from '../../support/openssl.ts';
import { addUnitKey, type SecondKey } from '../../support/second-key.ts';
import { tempDir } from '../../support/temp.ts';
import { buildUsbKeyModule } from '../../support/usbkey-module.ts';

// Two keys behind the USBKey-like fixture module over SoftHSM2: the holder's, locked by 3 wrong PINs, and the unit's
// other key (made here, its certificate from a CA of its own) whose 单位证书 signs the request.
const provisioned = freshDemo('unlock-request');
const dir = tempDir('unlock-requests');
let demo: DemoEnvironment;
let tokens: TokenService;
let other: SecondKey;
let folder: string;
let roots: Uint8Array[];

before(async () => {
  demo = await provisioned;
  tokens = await TokenService.open(buildUsbKeyModule(demo.modulePath, 3).path);
  other = await addUnitKey(tokens, dir);
  roots = [...derFromPem(readFileSync(demo.caCertPath, 'utf8')), other.caDer];
  for (let i = 0; i < 3; i++) await assert.rejects(tokens.login(demo.tokenSerial, '000000'));
});
after(() => tokens.close());

test('a locked key gets a signed unlock request naming it and its holders; openssl cms -verify accepts the signature', async () => {
  const token = (await tokens.tokens()).find((t) => t.serial === demo.tokenSerial);
  assert.ok(token !== undefined && token.pinStates.includes('locked'));
  const { certificates } = await tokens.certificates(demo.tokenSerial);
  await assert.rejects(requestUnlock(tokens, demo.tokenSerial, { serial: demo.tokenSerial, selector: '单位证书' }, dir), {
    code: 'UNLOCK_SIGNER_SAME_TOKEN',
  });
  folder = await requestUnlock(tokens, demo.tokenSerial, { serial: other.serial, selector: '单位证书' }, dir);
  const request = JSON.parse(readFileSync(join(folder, UNLOCK_REQUEST_FILES.request), 'utf8'));
  assert.equal(request.reason, 'pin-locked');
  assert.equal(request.token.serial, demo.tokenSerial);
  assert.equal(request.holders.length, certificates.length);
  const verified = opensslCmsVerify(join(folder, UNLOCK_REQUEST_FILES.signature), join(folder, UNLOCK_REQUEST_FILES.request), other.caPath);
  assert.equal(verified.ok, true, verified.output);
});

test('the IT administrator’s check: signer, USBKey and age must hold; a tampered request is refused', async () => {
  const checked = await checkUnlockRequest(folder, demo.tokenSerial, roots);
  assert.match(checked.signedBy, /示例市大数据管理局/);
  const refused = (promise: Promise<unknown>, problem: string) =>
    assert.rejects(promise, { code: 'UNLOCK_REQUEST_INVALID', params: { problem } });
  await refused(checkUnlockRequest(folder, 'another-serial', roots), 'other-token');
  await refused(checkUnlockRequest(folder, demo.tokenSerial, []), 'signer');
  await refused(checkUnlockRequest(folder, demo.tokenSerial, roots, new Date(Date.now() + 31 * 86_400_000)), 'expired');
  const tampered = join(dir, 'tampered');
  cpSync(folder, tampered, { recursive: true });
  const path = join(tampered, UNLOCK_REQUEST_FILES.request);
  writeFileSync(path, readFileSync(path, 'utf8').replace('pin-locked', 'pin-forgotten'));
  await refused(checkUnlockRequest(tampered, demo.tokenSerial, roots), 'signature');
});

test('the SO-PIN form’s list: this key’s requests, the good one first, an untrusted one with its reason; the files brought from elsewhere check the same', async () => {
  const requests = join(dir, 'listed');
  const id = basename(folder);
  cpSync(folder, join(requests, id), { recursive: true });
  const stale = `unlock-${demo.tokenSerial}-2020-01-01-0`;
  cpSync(folder, join(requests, stale), { recursive: true });
  const listed = await listUnlockRequests(requests, demo.tokenSerial, roots);
  assert.deepEqual(
    listed.map((e) => [e.id, e.problem]),
    [
      [id, null],
      [stale, null],
    ],
  );
  assert.deepEqual(await listUnlockRequests(requests, 'another-serial', roots), [], 'requests for other keys are left out');
  assert.deepEqual(
    (await listUnlockRequests(requests, demo.tokenSerial, [])).map((e) => e.problem),
    ['signer', 'signer'],
  );
  const bytes = (name: string) => new Uint8Array(readFileSync(join(folder, name)));
  const json = bytes(UNLOCK_REQUEST_FILES.request);
  const checked = await checkUnlockRequestFiles(json, bytes(UNLOCK_REQUEST_FILES.signature), demo.tokenSerial, roots);
  assert.equal(checked.request.token.serial, demo.tokenSerial);
  await assert.rejects(checkUnlockRequestFiles(json, json, demo.tokenSerial, roots), {
    code: 'UNLOCK_REQUEST_INVALID',
    params: { problem: 'signature' },
  });
});

test('sealdesk pin unlock-request signs with the other key; pin unlock --request resets the PIN only after the request checks out', () => {
  const env = {
    ...parseExports(demoExports(demo)),
    SEALDESK_HOME: tempDir('unlock-cli-home'),
    SEALDESK_DEMO_CA: other.caPath,
    SEALDESK_SO_PIN: demo.soPin ?? '',
    SEALDESK_NEW_PIN: 'Unlock2026key',
  };
  const tampered = runSealdesk(['pin', 'unlock', '--request', join(dir, 'tampered')], env);
  assert.equal(tampered.code, 1);
  assert.match(tampered.stderr, /解锁申请未通过核验/);
  assert.equal(runSealdesk(['test-signature', '--cert', '单位证书'], { ...env, SEALDESK_PIN: demo.pin }).code, 0, 'the PIN is as it was');
  const requestArgs = ['pin', 'unlock-request', '--sign-with', '单位证书', '-o', dir];
  const self = runSealdesk([...requestArgs, '--sign-token', demo.tokenSerial], { ...env, SEALDESK_PIN: demo.pin });
  assert.equal(self.code, 1);
  assert.match(self.stderr, /须用另一把 USBKey/);
  const made = runSealdesk([...requestArgs, '--sign-token', other.serial], { ...env, SEALDESK_PIN: other.pin });
  assert.equal(made.code, 0, made.stderr);
  const cliFolder = /解锁申请已生成，请交给单位 IT 管理员: (.+)/.exec(made.stdout)?.[1] ?? '';
  const request = JSON.parse(readFileSync(join(cliFolder, UNLOCK_REQUEST_FILES.request), 'utf8'));
  assert.equal(request.reason, 'pin-forgotten', 'this process has seen no wrong PIN: the holder asks before the key locks');

  const unlocked = runSealdesk(['pin', 'unlock', '--request', cliFolder], env);
  assert.equal(unlocked.code, 0, unlocked.stderr);
  assert.match(unlocked.stdout, /解锁申请已核验，申请签名人: .*示例市大数据管理局/);
  assert.equal(runSealdesk(['test-signature', '--cert', '单位证书'], { ...env, SEALDESK_PIN: 'Unlock2026key' }).code, 0);
});
