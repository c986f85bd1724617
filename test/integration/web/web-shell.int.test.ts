import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as connectSocket } from 'node:net';
import { join } from 'node:path';
import { before, test } from 'node:test';
import WebSocket from 'ws';
import { DOWNLOAD_PATH, WEB_SECRET_HEADER, WEB_SECRET_PROTOCOL_PREFIX } from '../../../shared/api/index.ts';
import { writeTestPdf } from '../../support/pdf.ts';
import { META_CONTENT_SECURITY_POLICY } from '../../../shared/security.ts';
import { tempDir } from '../../support/temp.ts';
import { startWebShellProcess, type RunningShell } from '../../support/web-shell.ts';

const home = tempDir('web');
const starting = startWebShellProcess(home);
let shell: RunningShell;
before(async () => {
  shell = await starting;
});

function connect(options: { secret?: string; origin?: string; host?: string }): Promise<WebSocket> {
  const wsUrl = `${shell.origin.replace('http', 'ws')}/api`;
  const protocols = options.secret === undefined ? [] : [`${WEB_SECRET_PROTOCOL_PREFIX}${options.secret}`];
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers['Host'] = options.host;
  const ws = new WebSocket(wsUrl, protocols, { origin: options.origin ?? shell.origin, headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message['type'] !== 'result') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

test('refuses a WebSocket without the secret, with a wrong secret, from another Origin or Host', async () => {
  await assert.rejects(connect({}), /HTTP 403/);
  await assert.rejects(connect({ secret: 'wrong' }), /HTTP 403/);
  await assert.rejects(connect({ secret: shell.secret, origin: 'http://evil.example' }), /HTTP 403/);
  await assert.rejects(connect({ secret: shell.secret, host: 'evil.example' }), /HTTP 403/);
});

test('answers the contract over an authenticated socket and survives malformed frames', async () => {
  const ws = await connect({ secret: shell.secret });
  const info = await call(ws, { type: 'call', id: 1, method: 'app.info', params: {} });
  assert.equal(info['ok'], true);
  assert.deepEqual((info['result'] as { demo: { active: boolean } }).demo.active, true);
  for (const bad of ['not json', { type: 'call', id: 2 }, { type: 'call', id: 3, method: 'tokens.login', params: { serial: 1 } }]) {
    const reply = await call(ws, bad);
    assert.equal((reply['error'] as { code: string }).code, 'BAD_REQUEST');
  }
  const tokens = await call(ws, { type: 'call', id: 4, method: 'tokens.list', params: {} });
  assert.equal((tokens['result'] as unknown[]).length, 1);
  const pick = await call(ws, { type: 'call', id: 5, method: 'documents.pick', params: {} });
  assert.equal((pick['error'] as { code: string }).code, 'NOT_SUPPORTED_IN_SHELL', 'a browser has no native file dialog');
  const notPdf = await call(ws, { type: 'call', id: 6, method: 'documents.read', params: { path: '/etc/passwd', offset: 0, length: 64 } });
  assert.equal((notPdf['error'] as { code: string }).code, 'PDF_NOT_PDF', 'the page viewer reads PDFs only');
  const vault = await call(ws, { type: 'call', id: 7, method: 'vault.status', params: {} });
  assert.deepEqual(vault['result'], { state: 'new', protection: 'passphrase' }, 'the web shell protects drafts with a passphrase');
  const locked = await call(ws, { type: 'call', id: 8, method: 'applications.list', params: {} });
  assert.equal((locked['error'] as { code: string }).code, 'VAULT_LOCKED');
  const weak = await call(ws, { type: 'call', id: 9, method: 'vault.unlock', params: { passphrase: '123456' } });
  assert.equal((weak['error'] as { code: string }).code, 'PASSPHRASE_WEAK');
  ws.close();
});

test('serves the UI with a strict CSP and nothing outside its folder', async () => {
  const page = await fetch(shell.origin);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  const escape = await fetch(`${shell.origin}/..%2f..%2fpackage.json`);
  assert.equal(escape.status, 404);
});

test('a malformed URL escape is 400 at once, and the built page carries the CSP as a <meta> for file://', async () => {
  const malformed = await fetch(`${shell.origin}/%E0%A4%A`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(malformed.status, 400);
  const page = await (await fetch(`${shell.origin}/`)).text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replaceAll('&#39;', "'");
  assert.equal(meta, META_CONTENT_SECURITY_POLICY);
});

/** Sends raw bytes to the shell and resolves with the status line it answers, or 'no answer' after 5 s. */
function rawStatusLine(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectSocket(Number(new URL(shell.origin).port), '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no answer');
    }, 5_000);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (!answer.includes('\r\n')) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer.split('\r\n')[0] ?? '');
    });
    socket.on('error', () => resolve('error'));
    socket.write(bytes);
  });
}

test('a request target the URL parser refuses (http://[, //[) is 400 at once, on a page request and on an upgrade', async () => {
  const host = new URL(shell.origin).host;
  const upgrade = `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: ${shell.origin}\r\nSec-WebSocket-Protocol: ${WEB_SECRET_PROTOCOL_PREFIX}${shell.secret}\r\n`;
  for (const target of ['http://[', '//[', 'http://a:99999/']) {
    assert.equal(await rawStatusLine(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`), 'HTTP/1.1 400 Bad Request', target);
    assert.equal(
      await rawStatusLine(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${upgrade}\r\n`),
      'HTTP/1.1 400 Bad Request',
      `upgrade ${target}`,
    );
  }
  assert.equal((await fetch(shell.origin)).status, 200);
});

test('an oversized frame closes only that socket (1009); the shell goes on answering', async () => {
  const ws = await connect({ secret: shell.secret });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send('x'.repeat(2 * 1024 * 1024));
  assert.equal(await closed, 1009);
  const again = await connect({ secret: shell.secret });
  assert.equal((await call(again, 'not json'))['id'], -1);
  again.close();
});

/** A GET of the download route as any local program could send it, Host included. */
function download(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; type: string; body: Buffer; disposition: string }> {
  const url = new URL(`${DOWNLOAD_PATH}?${new URLSearchParams({ path }).toString()}`, shell.origin);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'] ?? '',
          body: Buffer.concat(parts),
          disposition: res.headers['content-disposition'] ?? '',
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('下载 streams a PDF only to a request with the secret and this server’s Host; anything else is refused or named', async () => {
  const pdf = join(home, '通知-已盖章.pdf');
  writeTestPdf(pdf, 1);
  writeFileSync(join(home, 'secret.txt'), 'not for the page');
  const host = new URL(shell.origin).host;
  const ok = await download(pdf, { [WEB_SECRET_HEADER]: shell.secret });
  assert.equal(ok.status, 200);
  assert.equal(ok.type, 'application/pdf');
  assert.equal(ok.disposition, `attachment; filename*=UTF-8''${encodeURIComponent('通知-已盖章.pdf')}`);
  assert.deepEqual(ok.body, readFileSync(pdf));
  assert.equal((await download(pdf, {})).status, 403);
  assert.equal((await download(pdf, { [WEB_SECRET_HEADER]: 'wrong' })).status, 403);
  assert.equal((await download(pdf, { [WEB_SECRET_HEADER]: shell.secret, Host: 'evil.example' })).status, 403);
  const notPdf = await download(join(home, 'secret.txt'), { [WEB_SECRET_HEADER]: shell.secret, Host: host });
  assert.deepEqual([notPdf.status, JSON.parse(notPdf.body.toString()).code], [404, 'PDF_NOT_PDF']);

  // A usage report's CSV is served from the reports folder 审计 writes to, and from nowhere else.
  mkdirSync(join(home, 'reports'), { recursive: true });
  const report = join(home, 'reports', '签章和打印汇总表（2026年1月）.csv');
  writeFileSync(report, '\uFEFF类别,印章/证书\r\n');
  const csv = await download(report, { [WEB_SECRET_HEADER]: shell.secret });
  assert.deepEqual([csv.status, csv.type, csv.body], [200, 'text/csv; charset=utf-8', readFileSync(report)]);
  writeFileSync(join(home, 'elsewhere.csv'), 'not a report');
  const elsewhere = await download(join(home, 'elsewhere.csv'), { [WEB_SECRET_HEADER]: shell.secret });
  assert.deepEqual([elsewhere.status, JSON.parse(elsewhere.body.toString()).code], [404, 'FILE_NOT_FOUND']);
});
