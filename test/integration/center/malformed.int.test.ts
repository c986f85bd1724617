import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { before, test } from 'node:test';
import { freshCenter, signedRequest, type CenterFixture } from '../../support/center.ts';

const fixture = freshCenter('center-malformed');
let f: CenterFixture;
let port: number;

before(async () => {
  f = await fixture;
  port = Number(new URL(f.url).port);
});

/** Sends raw bytes and returns the status of the answer; the connection must not hang. */
function rawStatus(request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(5_000, () => reject(new Error(`no answer to ${JSON.stringify(request.slice(0, 60))}`)));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status?.[1] !== undefined) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', reject);
    socket.write(request, 'latin1');
  });
}

// The time-stamp and OCSP services answer a malformed query in their own protocol (a signed
// rejection, HTTP 200), as RFC 3161 and RFC 6960 ask, so they are not on this list.
test('every request of a fixed malformed list answers 4xx, never 500 and never a hang', async () => {
  const host = `127.0.0.1:${port}`;
  const malformed = [
    `GET // HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET //evil.example/v1/changes HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET http://${host}/v1/changes HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: bad host!\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: [zz\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: evil.example\r\n\r\n`,
    `GET /v1/changes HTTP/1.0\r\n\r\n`,
    `PUT /v1/submissions/%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\n\r\n{}`,
    `DELETE /v1/uploads/abc.json HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET /v1/changes?after=-1%zz HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n\r\n{"a":`,
    `GET /v1/changes HTTP/1.1\r\nHost: ${host}\r\nSignature-Input: sig1=("@method\r\nSignature: sig1=:!!:\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
    `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: abc\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 99999999999999999999\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
    `POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n4e20\r\n${'a'.repeat(20_000)}\r\n0\r\n\r\n`,
    `GET /v1/chan\x00ges HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `FOO /v1/changes HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: ${host}\r\nNoColon\r\n\r\n`,
    `GET \\v1\\changes HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: ${host}:99\r\n\r\n`,
    `GET /v1/changes HTTP/1.1\r\nHost: ${host}@evil.example\r\n\r\n`,
    `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`,
  ];
  for (const request of malformed) {
    const status = await rawStatus(request);
    assert.ok(status >= 400 && status < 500, `${status} for ${JSON.stringify(request.split('\r\n')[0])}`);
  }
});

test('an unsigned 16 MB PATCH is refused on its headers, without the center reading the body', async () => {
  const status = await rawStatus(
    `PATCH /v1/uploads/abc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: ${16 * 1024 * 1024}\r\n\r\n`,
  );
  assert.equal(status, 401);
});

test('a request signed for another host name is refused, whatever Host it then carries', async () => {
  const signedFor = (origin: string) => signedRequest(f.unit, { method: 'GET', url: `${origin}/v1/changes` });
  const elsewhere = Object.entries(await signedFor(`http://center.example:${port}`)).map(([name, value]) => `${name}: ${value}\r\n`);
  assert.equal(await rawStatus(`GET /v1/changes HTTP/1.1\r\nHost: center.example:${port}\r\n${elsewhere.join('')}\r\n`), 421);
  const rewritten = await fetch(`${f.url}/v1/changes`, { headers: await signedFor(`http://localhost:${port + 1}`) });
  assert.equal(rewritten.status, 401);
});

/** Opens a connection, writes `head`, then one byte of `drip` a second; resolves with what came back and when. */
function dripped(head: string, drip: string): Promise<{ status: number | null; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let next = 0;
    const timer = setInterval(() => socket.write(drip[next++ % drip.length] ?? 'a'), 1_000);
    const giveUp = setTimeout(() => done(), 30_000);
    const done = (): void => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({ status: status === undefined ? null : Number(status), seconds: (Date.now() - started) / 1000 });
    };
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(head);
  });
}

test('slow senders (slowloris) are answered 408 and let go: headers within 10 s, an unsigned body within 10 s more', async () => {
  const host = `127.0.0.1:${port}`;
  const [headers, body] = await Promise.all([
    dripped(`GET /v1/changes HTTP/1.1\r\nHost: ${host}\r\n`, 'X-Slow: abcdefghijklmnopqrstuvwxyz'),
    dripped(`POST /v1/enrolments HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 9000\r\n\r\n`, '{'),
  ]);
  for (const [what, outcome] of [
    ['headers', headers],
    ['body', body],
  ] as const) {
    assert.equal(outcome.status, 408, what);
    assert.ok(outcome.seconds < 15, `${what} let go after ${outcome.seconds} s`);
  }
});

test('a body cut off mid-way is the client’s problem: no internal error, and the center goes on answering', async () => {
  const logged: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => logged.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const socket = connect(port, '127.0.0.1');
    socket.write(`POST /v1/enrolments HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\nFFFF\r\nabc`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    process.stderr.write = write;
  }
  assert.deepEqual(
    logged.filter((line) => line.includes('internal error')),
    [],
  );
  assert.equal((await fetch(`${f.url}/v1/changes`)).status, 401);
});
