import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { killGroup, startSealdesk } from '../../support/cli.ts';
import { rssBytes } from '../../support/rss.ts';
import { tempDir } from '../../support/temp.ts';

const ATTACKERS = 100;
/** What one request claims to carry: the center's largest accepted body (a tus chunk). */
const BODY_BYTES = 16 * 1024 * 1024;
const WRITE_BYTES = 64 * 1024;
/** The fixed bound over the idle center; buffering the bodies would take 1.6 GB. */
const MAX_GROWTH_BYTES = 150 * 1024 * 1024;
const SAMPLE_MS = 20;

const dir = tempDir('center-memory');
let server: ChildProcess;
let port: number;
let centerPid: number;

/** bin/sealdesk.mjs may run the CLI in a child (from the sources): the center is the innermost process. */
function innermost(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children[0] === undefined ? pid : innermost(Number(children[0]));
}

/**
 * A request without any signature: headers for a body of `size` bytes, then the body as fast as the
 * socket takes it. Resolves with the status the center answered, or `closed` when it shut the
 * connection first (a reset can also drop an answer already sent).
 */
function unsignedRequest(method: string, path: string, size: number): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let written = 0;
    const finish = (result: number | 'closed'): void => {
      socket.destroy();
      resolve(result);
    };
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status !== undefined) finish(Number(status));
    });
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    const chunk = Buffer.alloc(WRITE_BYTES, 0x41);
    const pump = (): void => {
      while (written < size && !socket.destroyed) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/offset+octet-stream\r\n` +
        `Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Length: ${size}\r\n\r\n`,
    );
    pump();
  });
}

/** A port nothing listens on now, for the center to take. */
function freePort(): Promise<number> {
  const probe = createServer();
  return new Promise((resolve) =>
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    }),
  );
}

before(async () => {
  port = await freePort();
  server = await startSealdesk(['center', 'serve', '--dir', dir, '--port', String(port)], {}, /http:\/\/127\.0\.0\.1:\d+/);
  centerPid = innermost(server.pid ?? 0);
});
after(() => killGroup(server));

test('100 parallel unauthenticated large bodies keep the center under a fixed memory bound, each answered 4xx or closed', async (t) => {
  const idle = rssBytes(centerPid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(centerPid))), SAMPLE_MS);
  const results = await Promise.all(
    Array.from({ length: ATTACKERS }, (_, n) =>
      n % 2 === 0
        ? unsignedRequest('PATCH', `/v1/uploads/attacker${n}`, BODY_BYTES)
        : unsignedRequest('POST', `/v1/submissions/attacker-${n}`, BODY_BYTES),
    ),
  );
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(centerPid));

  const unexpected = results.filter((result) => result !== 'closed' && (result < 400 || result >= 500));
  assert.deepEqual(unexpected, [], 'every answer is a refusal (4xx)');
  assert.ok(
    results.some((result) => result !== 'closed'),
    'the center answered the attackers it let in',
  );
  const growthMb = (peak - idle) / 1024 / 1024;
  t.diagnostic(`center RSS idle ${(idle / 1024 / 1024).toFixed(0)} MB, peak ${(peak / 1024 / 1024).toFixed(0)} MB`);
  assert.ok(peak - idle < MAX_GROWTH_BYTES, `the center grew by ${growthMb.toFixed(0)} MB (idle ${(idle / 1024 / 1024).toFixed(0)} MB)`);

  // Still up and answering: an unsigned request is refused as before.
  assert.equal(await unsignedRequest('GET', '/v1/changes', 0), 401);
  assert.equal(server.exitCode, null);
});
