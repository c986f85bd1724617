import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listFolder, places } from '../../../../electron/services/files/index.ts';
import { AppError } from '../../../../shared/errors.ts';
import { tempDir } from '../../../support/temp.ts';

const home = tempDir('files-listing');
mkdirSync(join(home, 'Documents', '公文'), { recursive: true });
mkdirSync(join(home, 'Desktop'));
mkdirSync(join(home, '.cache'));
writeFileSync(join(home, 'Documents', '通知.pdf'), '%PDF-1.7\n'.padEnd(3000, ' '));
writeFileSync(join(home, 'Documents', '附件.PDF'), '%PDF-1.7\n');
writeFileSync(join(home, 'Documents', '说明.docx'), 'x');
writeFileSync(join(home, 'Documents', '.~lock.通知.pdf#'), 'x');
utimesSync(join(home, 'Documents', '通知.pdf'), new Date('2026-12-02T12:02:48Z'), new Date('2026-12-02T12:02:48Z'));

test('a folder lists its folders first, then its files with size and time; hidden entries never show', () => {
  const listing = listFolder(join(home, 'Documents'));
  assert.equal(listing.parent, home);
  assert.deepEqual(
    listing.entries.map((e) => [e.name, e.kind]),
    [
      ['公文', 'folder'],
      ['附件.PDF', 'file'],
      ['说明.docx', 'file'],
      ['通知.pdf', 'file'],
    ],
  );
  const notice = listing.entries.find((e) => e.name === '通知.pdf');
  assert.deepEqual([notice?.size, notice?.modified, notice?.path], [3000, '2026-12-02T12:02:48.000Z', join(home, 'Documents', '通知.pdf')]);
});

test('the PDF filter keeps folders and PDFs whatever the case of their extension; no extensions lists folders only', () => {
  assert.deepEqual(
    listFolder(join(home, 'Documents'), { extensions: ['pdf'] })
      .entries.map((e) => e.name)
      .sort(),
    ['公文', '通知.pdf', '附件.PDF'].sort(),
  );
  assert.deepEqual(
    listFolder(join(home, 'Documents'), { extensions: [] }).entries.map((e) => e.name),
    ['公文'],
  );
});

test('a folder that is not there, or a file, is said as such', () => {
  assert.throws(
    () => listFolder(join(home, '不存在')),
    (e: unknown) => e instanceof AppError && e.code === 'FILE_NOT_FOUND',
  );
  assert.throws(
    () => listFolder(join(home, 'Documents', '通知.pdf')),
    (e: unknown) => e instanceof AppError && e.code === 'FILE_NOT_FOUND',
  );
  assert.equal(listFolder('/').parent, null);
});

test('places: home, the usual folders that exist, the inbox once something was dropped, recent folders still there', () => {
  const found = places([join(home, 'Documents', '公文'), join(home, '已删除')], join(home, 'inbox'), home);
  assert.deepEqual(found.places, [
    { kind: 'home', path: home },
    { kind: 'desktop', path: join(home, 'Desktop') },
    { kind: 'documents', path: join(home, 'Documents') },
    { kind: 'inbox', path: join(home, 'inbox') },
  ]);
  assert.deepEqual(found.recent, [join(home, 'Documents', '公文')]);
});
