import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SettingsSchema } from '../../../../shared/model/settings.ts';
import { listTrustedRoots, pemFromDer, readTrustedRoots } from '../../../../electron/services/pki/index.ts';
import { certificate, party } from '../../../support/chains.ts';
import { tempDir } from '../../../support/temp.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

test('a trust file or settings root that does not parse is skipped and named; the good roots still count (issue 24 item 5)', async () => {
  const good = await certificate(await party('CN=根 CA'));
  const broken = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]);
  const dir = tempDir('roots');
  const mixed = join(dir, 'mixed.pem');
  writeFileSync(mixed, pemFromDer(broken) + pemFromDer(good));
  const empty = join(dir, 'not-pem.txt');
  writeFileSync(empty, 'no certificate here');
  const settings = SettingsSchema.parse({ trustedRoots: [pemFromDer(broken)] });

  const { roots, skipped } = readTrustedRoots(settings, [mixed, empty]);
  assert.deepEqual(roots, [good]);
  assert.deepEqual(skipped, [
    { source: 'settings', position: 1, fingerprint: sha256(broken), reason: 'unreadable' },
    { source: mixed, position: 1, fingerprint: sha256(broken), reason: 'unreadable' },
    { source: empty, position: 1, fingerprint: sha256('no certificate here'), reason: 'not-pem' },
  ]);
  // 设置 lists the good root by subject and place: the second certificate of the mixed file.
  assert.deepEqual(
    listTrustedRoots(settings, [mixed, empty]).roots.map((root) => [root.subject, root.source, root.position]),
    [['CN=根 CA', mixed, 2]],
  );
});
