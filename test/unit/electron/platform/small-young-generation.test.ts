import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

const MB = 1024 * 1024;

/**
 * V8's young generation (MB) in a fresh Node after a workload whose objects survive a few scavenges each,
 * as a seal's and a module's do; `first` is evaluated before it.
 */
function youngGenerationAfterWork(first: string): number {
  const script = `${first}
    import { getHeapSpaceStatistics } from 'node:v8';
    const kept = [];
    for (let i = 0; i < 100; i++) {
      kept.push(Array.from({ length: 20000 }, (_, j) => ({ j })));
      if (kept.length > 4) kept.shift();
    }
    console.log(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size);`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(output) / MB;
}

test("the services keep V8's young generation at its first size instead of letting it grow to 32 MB", () => {
  assert.ok(youngGenerationAfterWork('') >= 16, 'the workload grows an unchanged young generation');
  assert.ok(youngGenerationAfterWork("import './electron/services/platform/small-young-generation.ts';") <= 4);
});

test('it stays small once the token worker has started, whose isolate sets the factor back', () => {
  const startWorker = `import { TokenWorkerClient } from './electron/services/token/client.ts';
    await TokenWorkerClient.start({ modulePath: '/nonexistent/pkcs11.so', rescanPolicy: 'slot-list' }).catch(() => undefined);`;
  assert.ok(youngGenerationAfterWork(`import './electron/services/platform/small-young-generation.ts';\n${startWorker}`) <= 4);
});
