import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { runSealdesk } from '../../support/cli.ts';
import { verifyApplicationSignature } from '../../support/openssl.ts';
import { demoCliEnv, freshDemo } from '../../support/demo.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { scanPng } from '../../support/png.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('forms-sign');
const demoReady = freshDemo('forms-sign');
let env: NodeJS.ProcessEnv = {};
let caPath = '';
const at = (name: string): string => join(dir, name);
const sealdesk = (args: string[]) => runSealdesk(args, env);

before(async () => {
  const demo = await demoReady;
  caPath = demo.caCertPath;
  env = demoCliEnv(demo, at('home'));
  writeFileSync(at('topology.png'), scanPng(96));
  for (const name of ['assessment.pdf', 'commitment.pdf']) writeTestPdf(at(name), 1);
  writeFileSync(at('network-access.json'), sealdesk(['forms', 'example', 'network-access']).stdout);
});

const NETWORK_FILES = ['topology.png', 'assessment.pdf', 'commitment.pdf'];

/** `sealdesk forms sign DATA --form FORM --attach FILE… --cert 个人证书 -o OUT`, every name inside the test directory. */
const signForm = (data: string, form: string, files: readonly string[], out: string) =>
  sealdesk(['forms', 'sign', at(data), '--form', form, ...files.flatMap((f) => ['--attach', at(f)]), '--cert', '个人证书', '-o', at(out)]);

const opensslVerify = (packageDir: string) => verifyApplicationSignature(packageDir, caPath);

test('forms list names every form of the catalogue with its version', () => {
  const forms = JSON.parse(sealdesk(['forms', 'list', '--json']).stdout) as { id: string; version: number; title: string }[];
  assert.equal(forms.length, 11);
  assert.ok(forms.some((f) => f.id === 'network-access' && f.title === '政务外网接入申请' && f.version === 1));
});

test('signed on the token: openssl cms -verify accepts the package with the demo CA; the JSON holds each attachment digest', () => {
  const out = at('signed');
  const signed = signForm('network-access.json', 'network-access', NETWORK_FILES, 'signed');
  assert.equal(signed.code, 0, signed.stderr);
  const verified = opensslVerify(out);
  assert.ok(verified.ok, verified.output);
  const application = JSON.parse(readFileSync(join(out, 'application.json'), 'utf8')) as {
    attachments: { name: string; sha256: string }[];
  };
  const topology = application.attachments.find((a) => a.name === 'topology.png');
  const expected = spawnSync('openssl', ['dgst', '-sha256', '-r', at('topology.png')], { encoding: 'utf8' }).stdout.split(' ')[0];
  assert.equal(topology?.sha256, expected);
  assert.equal(sealdesk(['forms', 'verify', out]).code, 0);
});

test('one byte changed in the data fails in openssl; one byte changed in an attachment fails forms verify', () => {
  const out = at('tampered');
  assert.equal(signForm('network-access.json', 'network-access', NETWORK_FILES, 'tampered').code, 0);
  const json = join(out, 'application.json');
  const original = readFileSync(json);
  writeFileSync(json, Buffer.from(original.toString('utf8').replace('示例市', '示范市'), 'utf8'));
  assert.equal(opensslVerify(out).ok, false);
  assert.match(sealdesk(['forms', 'verify', out]).stderr, /申请包已被改动：application\.json/);
  writeFileSync(json, original);
  assert.equal(opensslVerify(out).ok, true);

  const attachment = join(out, 'attachments', 'commitment.pdf');
  const bytes = readFileSync(attachment);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 1, bytes.length - 10);
  writeFileSync(attachment, bytes);
  const result = sealdesk(['forms', 'verify', out]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /申请包已被改动：attachments\/commitment\.pdf/);
});

test('invalid data is refused with the field messages and no package is written', () => {
  const data = JSON.parse(readFileSync(at('network-access.json'), 'utf8')) as Record<string, Record<string, string>>;
  data['handler']!['idNumber'] = '110105194912310021';
  writeFileSync(at('invalid.json'), JSON.stringify(data));
  const out = at('invalid-out');
  const result = signForm('invalid.json', 'network-access', NETWORK_FILES, 'invalid-out');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /handler\.idNumber: “经办人 › 居民身份证号码”的校验位不正确/);
  assert.match(result.stderr, /申请表有 1 处需要修改/);
  assert.equal(existsSync(out), false);
});

test('attachments: a missing file, the wrong type, and a seal scan below 300 dpi are refused by name', () => {
  const missing = signForm('network-access.json', 'network-access', ['topology.png'], 'x1');
  assert.match(missing.stderr, /附件 assessment\.pdf 未提供/);
  writeFileSync(at('fake.png'), 'not a png');
  writeFileSync(at('fake.json'), readFileSync(at('network-access.json'), 'utf8').replace('topology.png', 'fake.png'));
  const wrongType = signForm('fake.json', 'network-access', ['fake.png', ...NETWORK_FILES], 'x2');
  assert.match(wrongType.stderr, /附件 fake\.png 的类型不符合“网络拓扑图”的要求/);

  writeFileSync(at('seal.json'), sealdesk(['forms', 'example', 'seal-creation']).stdout);
  writeFileSync(at('scan-1.png'), scanPng(600));
  writeFileSync(at('scan-2.png'), scanPng(150));
  writeTestPdf(at('credit-certificate.pdf'), 1);
  const lowDpi = signForm('seal.json', 'seal-creation', ['scan-1.png', 'scan-2.png', 'credit-certificate.pdf'], 'x3');
  assert.match(lowDpi.stderr, /扫描件 scan-2\.png 的分辨率为 150 dpi，“印模扫描件二”要求不低于 300 dpi/);
  for (const out of ['x1', 'x2', 'x3']) assert.equal(existsSync(at(out)), false);
});

test('invalid JSON and an unknown form are told apart from invalid data', () => {
  writeFileSync(at('broken.json'), '{"applicant": ');
  assert.match(sealdesk(['forms', 'validate', at('broken.json'), '--form', 'network-access']).stderr, /broken\.json 不是有效的 JSON/);
  assert.match(sealdesk(['forms', 'validate', at('network-access.json'), '--form', 'no-such']).stderr, /没有编号为“no-such”的申请表/);
});
