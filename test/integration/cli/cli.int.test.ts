import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { parseExports, runSealdesk } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

const home = tempDir('cli');

const sealdesk = (args: string[], env: NodeJS.ProcessEnv = {}) => runSealdesk(args, { SEALDESK_HOME: home, SEALDESK_PIN: '', ...env });

const TokensJson = z.object({
  tokens: z.array(
    z.object({
      label: z.string(),
      serial: z.string(),
      flags: z.number(),
      certificates: z.array(
        z.object({
          label: z.string(),
          kind: z.enum(['unit', 'personal', 'device', 'seal', 'unknown']),
          subject: z.string(),
          issuer: z.string(),
          notBefore: z.string(),
          notAfter: z.string(),
          keyType: z.string(),
          fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/),
          hasPrivateKey: z.boolean(),
        }),
      ),
    }),
  ),
});

test('--help lists the commands; an unknown option is a usage error (exit 2)', () => {
  const help = sealdesk(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /demo init --dir DIR/);
  assert.equal(sealdesk(['tokens', '--pin', '1234']).code, 2, 'there is no --pin option');
});

test('demo init prints the exports that make tokens, test-signature, doctor and the center link work', () => {
  const init = sealdesk(['demo', 'init', '--dir', join(home, 'demo')]);
  assert.equal(init.code, 0, init.stderr);
  const env = parseExports(init.stdout);
  assert.deepEqual(Object.keys(env).sort(), [
    'SEALDESK_CENTER_DIR',
    'SEALDESK_CENTER_URL',
    'SEALDESK_DEMO_CA',
    'SEALDESK_ENROLMENT_CODE',
    'SEALDESK_HOME',
    'SEALDESK_PASSPHRASE',
    'SEALDESK_PIN',
    'SEALDESK_PKCS11_MODULE',
    'SEALDESK_TOKEN',
    'SOFTHSM2_CONF',
  ]);
  assert.equal(env['SEALDESK_HOME'], home, 'a data directory already chosen is kept');
  assert.match(init.stdout, /^# .*demo only.*\nexport SEALDESK_PASSPHRASE=/m);

  const listed = TokensJson.parse(JSON.parse(sealdesk(['tokens', '--json'], env).stdout));
  const kinds = listed.tokens[0]?.certificates.map((c) => c.kind).sort();
  assert.deepEqual(kinds, ['personal', 'seal', 'unit', 'unknown']);
  const seal = listed.tokens[0]?.certificates.find((c) => c.kind === 'seal');

  const signed = sealdesk(['test-signature', '--cert', seal?.fingerprintSha256.slice(0, 12) ?? '', '--json'], env);
  assert.equal(signed.code, 0, signed.stderr);
  assert.equal(JSON.parse(signed.stdout).verified, true);

  const wrong = sealdesk(['test-signature', '--cert', '单位证书'], { ...env, SEALDESK_PIN: '000000' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /PIN 码错误/);
  assert.match(
    sealdesk(['test-signature', '--cert', '单位证书'], { ...env, SEALDESK_PIN: '000000', SEALDESK_LANG: 'en' }).stderr,
    /Incorrect PIN/,
  );

  const doctor = sealdesk(['doctor', '--json'], env);
  assert.equal(doctor.code, 0, doctor.stderr);
  const report = JSON.parse(doctor.stdout) as { slots: { token: { mechanisms: { family: string }[] } | null }[] };
  const families = new Set(report.slots.flatMap((s) => s.token?.mechanisms.map((m) => m.family) ?? []));
  assert.ok(families.has('RSA') && families.has('ECDSA'));
});

test('a module that is not a PKCS#11 library is reported in Chinese, exit 1', () => {
  const result = sealdesk(['tokens', '--module', '/etc/hostname']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /不是可用的 PKCS#11 驱动/);
});

test('pin change takes both PINs from the environment, explains a refused PIN, and the new PIN then signs', () => {
  const env = parseExports(sealdesk(['demo', 'init', '--dir', join(home, 'pin-demo')]).stdout);
  const weak = sealdesk(['pin', 'change'], { ...env, SEALDESK_NEW_PIN: '87654321' });
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /新 PIN 须同时包含字母和数字/);
  const changed = sealdesk(['pin', 'change'], { ...env, SEALDESK_NEW_PIN: 'Seal2026desk' });
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(changed.stdout, /PIN 已修改/);
  assert.equal(sealdesk(['test-signature', '--cert', '单位证书'], env).code, 1, 'the old PIN no longer opens the token');
  assert.equal(sealdesk(['test-signature', '--cert', '单位证书'], { ...env, SEALDESK_PIN: 'Seal2026desk' }).code, 0);
});

test('certs status: every holder certificate trusted and valid (exit 0); asked about a later date, the seal certificate is expiring (exit 1)', () => {
  const env = parseExports(sealdesk(['demo', 'init', '--dir', join(home, 'status-demo')]).stdout);
  const now = sealdesk(['certs', 'status', '--json'], env);
  assert.equal(now.code, 0, now.stderr);
  const Report = z.object({
    tokens: z.array(z.object({ certificates: z.array(z.object({ label: z.string(), validity: z.string(), trust: z.string() })) })),
  });
  const certificates = Report.parse(JSON.parse(now.stdout)).tokens.flatMap((t) => t.certificates);
  assert.deepEqual(
    certificates.map((c) => [c.validity, c.trust]),
    Array(3).fill(['valid', 'trusted']),
  );
  const later = new Date(Date.now() + 55 * 86_400_000).toISOString().slice(0, 10);
  const then = sealdesk(['certs', 'status', '--at', later], env);
  assert.equal(then.code, 1);
  assert.match(then.stdout, /! 电子印章: 即将到期：剩余 \d 天/);
});
