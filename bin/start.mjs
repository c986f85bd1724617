// `npm start`: the desktop window where the Electron runtime is installed, otherwise the web shell on
// 127.0.0.1 serving the same UI. build/setup.sh has already run (prestart); this also works on a clone
// that was never built: the renderer, and the web shell's bundle, are built here whenever they are missing,
// unfinished or stale.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererIsCurrent } from '../build/build-renderer.mjs';
import { webShellIsCurrent } from '../build/build-web.mjs';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What this script itself runs; without them nothing can start, and only an install brings them. */
const TOOLS = ['vite', 'esbuild'];

function refuseWithoutTools() {
  const missing = TOOLS.filter((name) => {
    try {
      import.meta.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  console.error(`缺少构建工具 ${missing.join(', ')}：请先运行 npm ci（或 npm run setup）。`);
  console.error(`Build tools missing (${missing.join(', ')}): run npm ci (or npm run setup) first.`);
  process.exit(1);
}

/**
 * A build tool runs in a child too: in this process, which lasts as long as the app, Vite's heap and
 * esbuild's service would stay (400 and 290 MB).
 */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The web shell from its bundle (half the memory of the sources under tsx), built first when stale. */
function startWebShell() {
  console.log('Electron 运行时未安装，启动网页版 / Electron runtime not installed: starting the web shell');
  if (!webShellIsCurrent()) {
    console.log('正在构建网页版服务… / Building the web shell…');
    run(process.execPath, ['build/build-web.mjs']);
  }
  return spawn(process.execPath, [join(root, 'bin/web-shell.mjs')], { cwd: root, stdio: 'inherit' });
}

refuseWithoutTools();
if (!rendererIsCurrent()) {
  console.log('正在构建界面… / Building the UI…');
  run(process.execPath, ['build/build-renderer.mjs']);
}
const electron = electronBinary();
const child = electron
  ? (run(process.execPath, ['build/build-desktop.mjs']),
    spawn(electron, [join(root, 'dist/electron/main.cjs')], { cwd: root, stdio: 'inherit' }))
  : startWebShell();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
