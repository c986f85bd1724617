import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sha256OfFile } from '../../../../electron/services/platform/index.ts';
import { tempDir } from '../../../support/temp.ts';

test('sha256OfFile streams a file of many chunks to the digest openssl gives', async () => {
  const path = join(tempDir('file-hash-unit'), 'document.pdf');
  // Larger than one 64 KB read, and not a whole number of them.
  writeFileSync(path, randomBytes(5 * 65_536 + 123));
  const openssl = execFileSync('openssl', ['dgst', '-sha256', '-r', path], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(await sha256OfFile(path), openssl);
});
