// `eval "$(npx sealdesk demo init --dir D)"` is all the demo needs: in an environment with nothing
// else set (no SEALDESK_HOME, no passphrase, no module), the exports alone make approve, seal, forms
// sign, submit, enrol, sync and certs renew work, on a PDF SealDesk did not make and a Chinese name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runSealdesk } from '../../support/cli.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';
import { tempDir } from '../../support/temp.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const LIBREOFFICE_PDF = join(
  ROOT,
  '../shared/pdf-corpus/py-pdf-sample-files/002-trivial-libre-office-writer_002-trivial-libre-office-writer.pdf',
);

const SCRIPT = String.raw`
set -euo pipefail
# From the clone, as the README says; the rest in the user's own folder.
exports=$(npx --no-install sealdesk demo init --dir "$WORK/demo")
eval "$exports"
cd "$WORK"
# The direct form the README gives: npx adds seconds to every call.
sealdesk() { node "$ROOT/bin/sealdesk.mjs" "$@"; }
sealdesk approve 通知.pdf -o 通知-已签发.pdf --cert 个人证书 --page 1 --x 30 --y 30
sealdesk seal 通知-已签发.pdf -o 通知-已盖章.pdf --seal 电子印章 --page 1 --x 140 --y 200
sealdesk verify 通知-已盖章.pdf
sealdesk forms example network-access > 申请.json
sealdesk forms sign 申请.json --form network-access --attach topology.png --attach assessment.pdf --attach commitment.pdf --cert 个人证书 -o 申请包
setsid node "$ROOT/bin/sealdesk.mjs" center serve > center.log 2>&1 &
center=$!
# The center writes into the demo folder: wait until its whole process group is gone.
trap 'kill -- -$center 2>/dev/null; while kill -0 -- -$center 2>/dev/null; do sleep 0.1; done' EXIT
for _ in $(seq 100); do grep -q 'http://' center.log && break; sleep 0.2; done
sealdesk center list
sealdesk enrol
sealdesk submit 申请包
sealdesk sync --once
sealdesk center list
sealdesk outbox
sealdesk certs renew --cert 个人证书
`;

test('the exports of demo init alone make approve, seal, forms sign, submit, enrol, sync and certs renew work', () => {
  const work = tempDir('demo-exports');
  mkdirSync(join(work, 'home'));
  copyFileSync(LIBREOFFICE_PDF, join(work, '通知.pdf'));
  writeFileSync(join(work, 'topology.png'), scanPng(96));
  for (const name of ['assessment.pdf', 'commitment.pdf']) writeTestPdf(join(work, name), 1);
  // Nothing of the test runner's environment: a user's shell with only PATH and HOME.
  const env = { PATH: process.env['PATH'] ?? '', HOME: join(work, 'home'), ROOT, WORK: work };
  const run = spawnSync('bash', ['-c', SCRIPT], { cwd: ROOT, env, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /已完成：.*通知-已签发\.pdf/);
  assert.match(run.stdout, /已完成：.*通知-已盖章\.pdf/);
  assert.match(run.stdout, /文档有效/);
  assert.match(run.stdout, /已注册：示例市大数据管理局/);
  assert.match(run.stdout, /已送达|已接收/);
  assert.match(run.stdout, /已加入待发送队列：个人证书/);
  assert.match(run.stdout, /^资源中心（.*\/demo\/center）尚未收到任何提交。$/m, 'the operator sees an empty list said');
  assert.match(run.stdout, /^\S+\t已接收\t示例市大数据管理局\t/m, 'then the submission');
});

test('center list with SEALDESK_HOME set and no center there names the folder and how to choose one; it makes no empty center', () => {
  const home = tempDir('center-list-home');
  const listed = runSealdesk(['center', 'list'], { SEALDESK_HOME: home });
  assert.equal(listed.code, 1);
  assert.match(listed.stderr, new RegExp(`${join(home, 'demo', 'center')} 下没有资源中心。请用 --dir 指定[^\\n]*SEALDESK_CENTER_DIR`));
  assert.equal(existsSync(join(home, 'demo')), false);
});
