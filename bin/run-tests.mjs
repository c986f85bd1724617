// Runs every test file under test/ with Node's test runner (one process per file, so each integration
// file gets its own SoftHSM2 configuration), TypeScript through tsx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'artifacts' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const filter = process.argv[2];
const files = testFiles(join(root, 'test'))
  .filter((f) => filter === undefined || f.includes(filter))
  .sort();
const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  // No test may read or write the settings of whoever runs them.
  env: { ...process.env, SEALDESK_NO_BROWSER: '1', SEALDESK_HOME: mkdtempSync(join(tmpdir(), 'sealdesk-test-home-')) },
});
process.exit(result.status ?? 1);
