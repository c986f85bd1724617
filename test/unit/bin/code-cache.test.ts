import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const loader = fileURLToPath(new URL('../../../bin/code-cache.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-code-cache-'));
const cacheHome = join(dir, 'cache');
const bundle = join(dir, 'bundle.cjs');
// What a bundle relies on from its CommonJS wrapper, and a later require, as esbuild makes of import().
writeFileSync(
  bundle,
  `const { basename } = require('node:path');
   module.exports = { ok: true };
   Promise.resolve().then(() => require('node:os')).then((os) => console.log(basename(__filename), typeof os.tmpdir));`,
);
after(() => rmSync(dir, { recursive: true, force: true }));

function run(cache = cacheHome): { code: number | null; stdout: string } {
  const script = `import(${JSON.stringify(loader)}).then((m) => m.requireWithCodeCache(${JSON.stringify(bundle)}, 'seal'))`;
  const result = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, XDG_CACHE_HOME: cache }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout };
}

function cacheFiles(): string[] {
  return readdirSync(join(cacheHome, 'sealdesk')).map((name) => join(cacheHome, 'sealdesk', name));
}

test('the first run writes a cache for its command; the next run uses it as it is', () => {
  assert.deepEqual(run(), { code: 0, stdout: 'bundle.cjs function\n' });
  const [file, ...others] = cacheFiles();
  assert.ok(file !== undefined && file.endsWith('-seal.bin'));
  assert.deepEqual(others, []);
  const written = statSync(file).mtimeMs;
  assert.deepEqual(run(), { code: 0, stdout: 'bundle.cjs function\n' });
  assert.equal(statSync(file).mtimeMs, written, 'an accepted cache is not rewritten');
});

test('a damaged cache is replaced, and the command runs as usual', () => {
  const [file] = cacheFiles();
  assert.ok(file);
  writeFileSync(file, 'not a code cache');
  assert.deepEqual(run(), { code: 0, stdout: 'bundle.cjs function\n' });
  assert.notEqual(readFileSync(file, 'utf8'), 'not a code cache');
});

test('a cache folder that cannot be written costs nothing but speed', () => {
  const notAFolder = join(dir, 'plain-file');
  writeFileSync(notAFolder, '');
  assert.deepEqual(run(notAFolder), { code: 0, stdout: 'bundle.cjs function\n' });
});
