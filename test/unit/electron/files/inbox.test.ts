import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Inbox } from '../../../../electron/services/files/index.ts';
import { AppError } from '../../../../shared/errors.ts';
import { INBOX_MAX_BYTES } from '../../../../shared/model/files.ts';
import { tempDir } from '../../../support/temp.ts';

const root = tempDir('files-inbox');

test('a dropped file arrives in pieces and appears under its own name only once complete', async () => {
  const inbox = new Inbox(root);
  const bytes = Buffer.from('%PDF-1.7\n' + 'x'.repeat(100));
  const id = await inbox.start('../../etc/通知.pdf', bytes.length);
  assert.deepEqual(await inbox.append(id, 0, bytes.subarray(0, 60)), { received: 60, path: null });
  assert.equal(existsSync(join(inbox.folder, '通知.pdf')), false, 'a half-sent file is never seen');
  const done = await inbox.append(id, 60, bytes.subarray(60));
  assert.deepEqual(done, { received: bytes.length, path: join(inbox.folder, '通知.pdf') });
  assert.deepEqual(readFileSync(join(inbox.folder, '通知.pdf')), bytes);
  assert.deepEqual(readdirSync(inbox.folder), ['通知.pdf'], 'no temp file is left');
});

test('a piece out of order, or past the size announced, abandons the file; too large a file is refused at once', async () => {
  const inbox = new Inbox(root);
  const id = await inbox.start('函.pdf', 10);
  await assert.rejects(inbox.append(id, 5, Buffer.alloc(5)), (e: unknown) => e instanceof AppError && e.code === 'BAD_REQUEST');
  await assert.rejects(inbox.append(id, 0, Buffer.alloc(5)), (e: unknown) => e instanceof AppError && e.code === 'BAD_REQUEST');
  const other = await inbox.start('复函.pdf', 4);
  await assert.rejects(inbox.append(other, 0, Buffer.alloc(5)), (e: unknown) => e instanceof AppError && e.code === 'BAD_REQUEST');
  assert.deepEqual(
    readdirSync(inbox.folder).filter((n) => n.includes('函')),
    [],
  );
  await assert.rejects(inbox.start('大.pdf', INBOX_MAX_BYTES + 1), (e: unknown) => e instanceof AppError && e.code === 'FILE_TOO_LARGE');
});

test('a name longer than the file system holds (a long Chinese title) is shortened by whole characters, keeping .pdf', async () => {
  const inbox = new Inbox(root);
  const title = '关于'.concat('进一步加强电子政务资源中心建设'.repeat(8), '的通知.pdf');
  assert.ok(Buffer.byteLength(title) > 255);
  const bytes = Buffer.from('%PDF-1.7\n');
  const done = await inbox.append(await inbox.start(title, bytes.length), 0, bytes);
  const name = (done.path ?? '').slice(inbox.folder.length + 1);
  assert.ok(name.startsWith('关于进一步加强') && name.endsWith('….pdf'), name);
  assert.ok(Buffer.byteLength(name) <= 180, `${Buffer.byteLength(name)} bytes`);
  assert.deepEqual(readFileSync(done.path ?? ''), bytes);
});

test('sessions older than a week are removed when a new one starts', () => {
  const old = join(root, 'old-session');
  mkdirSync(old);
  const weekAgo = new Date(Date.now() - 8 * 24 * 3600_000);
  utimesSync(old, weekAgo, weekAgo);
  new Inbox(root);
  assert.equal(existsSync(old), false);
});
