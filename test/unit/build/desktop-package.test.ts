import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundleWithTokenWorker, NATIVE_ADDONS } from '../../../build/bundle-node.mjs';
import { tempDir } from '../../support/temp.ts';

/** The `- item` lines under `key:` in electron-builder.yml (a flat list is all the file uses). */
function builderList(key: string): string[] {
  const lines = readFileSync('electron-builder.yml', 'utf8').split('\n');
  const start = lines.indexOf(`${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('  #')) continue;
    const item = /^ {2}- '?([^']+)'?$/.exec(line);
    if (item === null) break;
    items.push(item[1] ?? '');
  }
  return items;
}

const desktopBundleDir = tempDir('desktop-bundle');

/** The packages the desktop bundle leaves to be required at run time, from esbuild's own record. */
async function runtimePackages(): Promise<Set<string>> {
  const result = await bundleWithTokenWorker({ main: 'electron/desktop/main.ts' }, desktopBundleDir, { metafile: true });
  const builtins = new Set(builtinModules);
  const packages = Object.values(result.metafile?.outputs ?? {})
    .flatMap((output) => output.imports)
    .filter((imported) => imported.external && !imported.path.startsWith('node:') && !builtins.has(imported.path))
    .map((imported) => imported.path);
  return new Set(packages);
}

test('every package the desktop bundle requires at run time is packaged, native addons outside the asar archive', async () => {
  const required = await runtimePackages();
  // The demo's reference center (SQLite) runs in the desktop shell too, not only in the web shell.
  assert.deepEqual([...required].sort(), ['better-sqlite3', 'electron', 'pkcs11js']);
  const files = builderList('files');
  const unpacked = builderList('asarUnpack');
  for (const addon of NATIVE_ADDONS) {
    assert.ok(files.includes(`node_modules/${addon}/**`), `${addon} is packaged`);
    assert.ok(unpacked.includes(`node_modules/${addon}/**`), `${addon} is unpacked from the asar archive`);
    const dependencies = Object.keys(JSON.parse(readFileSync(join('node_modules', addon, 'package.json'), 'utf8')).dependencies ?? {});
    // prebuild-install only runs at npm install time.
    for (const dependency of dependencies.filter((name) => name !== 'prebuild-install')) {
      assert.ok(files.includes(`node_modules/${dependency}/**`), `${addon}'s ${dependency} is packaged`);
    }
  }
});

test('the Node bundles are ASCII, so V8 keeps their source one byte a character, and a non-ASCII pattern fails the build', async () => {
  await runtimePackages();
  for (const file of ['main.cjs', 'token-worker.cjs', 'exceljs.cjs', 'pinyin-pro.cjs']) {
    const text = readFileSync(join(desktopBundleDir, file), 'utf8');
    assert.equal(text.search(/[\u0080-\uffff]/), -1, `${file} is ASCII`);
  }
  const dir = tempDir('non-ascii');
  writeFileSync(join(dir, 'entry.ts'), 'export const separators = /[·’]/u;\n');
  await assert.rejects(bundleWithTokenWorker({ entry: join(dir, 'entry.ts') }, join(dir, 'out')), /is not ASCII/);
});

test('exceljs and pinyin-pro are left out of main.cjs and load from their own files beside it, packaged with it', async () => {
  await runtimePackages();
  const main = readFileSync(join(desktopBundleDir, 'main.cjs'), 'utf8');
  const load = createRequire(import.meta.url);
  assert.ok(!main.includes('node_modules/exceljs/'));
  const exceljs = load(join(desktopBundleDir, 'exceljs.cjs')) as { stream: { xlsx: { WorkbookWriter: unknown } } };
  assert.equal(typeof exceljs.stream.xlsx.WorkbookWriter, 'function');
  assert.ok(!main.includes('node_modules/pinyin-pro/'));
  const { pinyin } = load(join(desktopBundleDir, 'pinyin-pro.cjs')) as { pinyin: (text: string, options: object) => string[] };
  assert.deepEqual(pinyin('张三', { type: 'array', toneType: 'symbol' }), ['zhāng', 'sān']);
  assert.ok(builderList('files').includes('dist/electron/**'));
});

test('the packaged binary has its Electron fuses flipped: no RunAsNode, NODE_OPTIONS or --inspect, only the integrity-checked app.asar', () => {
  const lines = readFileSync('electron-builder.yml', 'utf8').split('\n');
  const fuses = new Map<string, string>();
  for (const line of lines.slice(lines.indexOf('electronFuses:') + 1)) {
    const fuse = /^ {2}(\w+): (\w+)$/.exec(line);
    if (fuse === null) break;
    fuses.set(fuse[1] ?? '', fuse[2] ?? '');
  }
  assert.deepEqual(
    Object.fromEntries(
      [
        'runAsNode',
        'enableNodeOptionsEnvironmentVariable',
        'enableNodeCliInspectArguments',
        'enableEmbeddedAsarIntegrityValidation',
        'onlyLoadAppFromAsar',
      ].map((name) => [name, fuses.get(name)]),
    ),
    {
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    },
  );
});
