import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { derivedOutputPaths, originalStem } from '../../../electron/services/seal/index.ts';

test('a name is derived once from the original: the steps SealDesk added before are dropped, never piled up', () => {
  const dir = join('/', 'srv', '公文');
  assert.deepEqual(derivedOutputPaths([join(dir, '通知.pdf')], '已签发'), [join(dir, '通知-已签发.pdf')]);
  assert.deepEqual(derivedOutputPaths([join(dir, '通知-已签发.pdf')], '已盖章'), [join(dir, '通知-已盖章.pdf')]);
  assert.deepEqual(derivedOutputPaths([join(dir, 'in-已签发-已盖章-已盖章.pdf')], '已盖章'), [join(dir, 'in-已盖章.pdf')]);
  assert.deepEqual(derivedOutputPaths([join(dir, '通知-已签发-已盖章-2.pdf')], '已签发'), [join(dir, '通知-已签发.pdf')]);
  assert.deepEqual(derivedOutputPaths([join(dir, '请示-已修复.PDF')], '已签发'), [join(dir, '请示-已签发.pdf')]);
});

test('what is the user’s own stays: a number or a dash of their own, and a name that is nothing but a step', () => {
  assert.equal(originalStem('/a/报告-2.pdf'), '报告-2');
  assert.equal(originalStem('/a/2026-12-02 会议纪要.pdf'), '2026-12-02 会议纪要');
  assert.equal(originalStem('/a/已盖章.pdf'), '已盖章');
  assert.equal(originalStem('/a/-已签发.pdf'), '-已签发');
});

test('the output folder takes the outputs; two inputs of one batch that would share a name are told apart', () => {
  const out = join('/', 'out');
  assert.deepEqual(derivedOutputPaths([join('/a', '函-已签发.pdf'), join('/b', '函.pdf'), join('/b', '复函.pdf')], '已盖章', out), [
    join(out, '函-已盖章.pdf'),
    join(out, '函-已盖章-2.pdf'),
    join(out, '复函-已盖章.pdf'),
  ]);
});
