import assert from 'node:assert/strict';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError, toWireError } from '../../../shared/errors.ts';
import { errorMessage } from '../../../shared/i18n/index.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('errors');

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

test('a file system refusal crosses a boundary as its own code, with the path it concerns', () => {
  const missing = join(dir, '没有这个文件.pdf');
  const wire = toWireError(thrownBy(() => openSync(missing, 'r')));
  assert.deepEqual(wire, { code: 'FILE_NOT_FOUND', params: { path: missing } });
  assert.equal(errorMessage('zh-CN', wire), `找不到文件 ${missing}。`);

  const file = join(dir, 'plain.txt');
  writeFileSync(file, '');
  assert.equal(toWireError(thrownBy(() => openSync(join(file, 'inside'), 'w'))).code, 'FILE_NOT_FOUND');
});

test('anything else that is not an AppError is INTERNAL; an AppError keeps its code', () => {
  assert.deepEqual(toWireError(new TypeError('x is undefined')), { code: 'INTERNAL', params: {} });
  assert.deepEqual(toWireError(new AppError('PDF_LOCKED', { path: 'a.pdf' })), { code: 'PDF_LOCKED', params: { path: 'a.pdf' } });
});
