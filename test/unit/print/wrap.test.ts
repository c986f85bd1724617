import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wrapText } from '../../../electron/services/print/wrap.ts';

/** One unit per character: CJK and Latin alike, so widths are easy to reason about. */
const byCharacter = (text: string): number => [...text].length;

test('Chinese text breaks between any two characters at the width', () => {
  assert.deepEqual(wrapText('电子政务外网接入申请表', 4, byCharacter), ['电子政务', '外网接入', '申请表']);
});

test('closing punctuation never starts a line: it hangs at the end of the line before (避头)', () => {
  const lines = wrapText('申请单位名称，经办人。', 6, byCharacter);
  assert.deepEqual(lines, ['申请单位名称，', '经办人。']);
  for (const line of lines.slice(1)) assert.doesNotMatch(line, /^[，。、；：？！）》」』】]/);
});

test('opening brackets never end a line: they move down with what they open (避尾)', () => {
  const lines = wrapText('一二三四五（六七）', 6, byCharacter);
  assert.deepEqual(lines, ['一二三四五', '（六七）']);
});

test('Latin words and codes stay whole when they fit; a digest longer than the line is split', () => {
  assert.deepEqual(wrapText('地址 10.12.8.0/24 用途', 12, byCharacter), ['地址 ', '10.12.8.0/24 ', '用途']);
  assert.deepEqual(wrapText('ab'.repeat(10), 8, byCharacter), ['abababab', 'abababab', 'abab']);
});

test('line breaks the user typed are kept', () => {
  assert.deepEqual(wrapText('第一行\n第二行', 10, byCharacter), ['第一行', '第二行']);
});
