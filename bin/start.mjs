// `npm start`: the desktop window where the Electron runtime is installed, otherwise the web shell on
// 127.0.0.1 serving the same UI. build/setup.sh has already run (prestart).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';
import { newestChange } from './newest-change.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function buildRendererIfStale() {
  const built = join(root, 'dist/renderer/index.html');
  const sources = newestChange([join(root, 'renderer'), join(root, 'shared')]);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  run(process.execPath, [require.resolve('vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}

buildRendererIfStale();
const electron = electronBinary();
const child = electron
  ? (run(process.execPath, ['build/build-desktop.mjs']),
    spawn(electron, [join(root, 'dist/electron/main.cjs')], { cwd: root, stdio: 'inherit' }))
  : (console.log('Electron 运行时未安装，启动网页版 / Electron runtime not installed: starting the web shell'),
    spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'electron/web/main.ts')], { cwd: root, stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
