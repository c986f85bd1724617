import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DemoEnvironment } from '../../../electron/services/demo/index.ts';
import type { SealDeskService } from '../../../electron/services/seal/index.ts';
import type { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { pdfsig, sha256File, writeTestPdf } from '../../support/pdf.ts';
import { openSealDesk } from '../../support/seal-desk.ts';
import { tempDir } from '../../support/temp.ts';
import { buildUsbKeyModule } from '../../support/usbkey-module.ts';

// The key is pulled out through the USBKey-like fixture module, in the middle of the pass over the file.
const provisioned = freshDemo('token-removed');
const work = tempDir('token-removed-work');
let demo: DemoEnvironment;
let tokens: TokenService;
let desk: SealDeskService;
let usbKey: ReturnType<typeof buildUsbKeyModule>;

before(async () => {
  demo = await provisioned;
  usbKey = buildUsbKeyModule(demo.modulePath);
  ({ tokens, desk } = await openSealDesk(demo, join(work, 'data'), { modulePath: usbKey.path }));
});
after(() => tokens.close());

const sealJob = (input: string, output: string, onProgress?: (fraction: number) => void) => ({
  serial: demo.tokenSerial,
  certificate: '电子印章',
  input,
  output,
  overwrite: false,
  placement: { page: 'last' as const, xMm: 150, yMm: 240 },
  crossPage: false,
  final: true,
  ...(onProgress ? { onProgress } : {}),
});

test('a USBKey pulled out while a document is being sealed: TOKEN_REMOVED, no output, no temp file, the original untouched; plugged back in, sealing works', async () => {
  const original = join(work, '大文件.pdf');
  writeTestPdf(original, 2, 24 * 1024 * 1024);
  const approved = join(work, '大文件-已签发.pdf');
  await desk.approve({
    serial: demo.tokenSerial,
    certificate: '个人证书',
    input: original,
    output: approved,
    overwrite: false,
    visible: null,
  });
  const before = sha256File(approved);
  const filesBefore = readdirSync(work).sort();

  const sealed = join(work, '大文件-已盖章.pdf');
  let pulledAt: number | null = null;
  const pullHalfway = (fraction: number): void => {
    if (pulledAt === null && fraction > 0.5) {
      pulledAt = fraction;
      usbKey.unplug();
    }
  };
  await assert.rejects(desk.seal(sealJob(approved, sealed, pullHalfway)), { code: 'TOKEN_REMOVED' });
  assert.ok(pulledAt !== null && pulledAt < 1, 'the key was pulled during the pass over the file');
  assert.equal(existsSync(sealed), false);
  assert.deepEqual(readdirSync(work).sort(), filesBefore, 'no temp file is left behind');
  assert.equal(sha256File(approved), before);

  usbKey.plugIn();
  await tokens.login(demo.tokenSerial, demo.pin);
  await desk.seal(sealJob(approved, sealed));
  assert.deepEqual(pdfsig(sealed).validations, ['Signature is Valid.', 'Signature is Valid.']);
});
