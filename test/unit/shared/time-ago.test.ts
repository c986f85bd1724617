import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAgo } from '../../../shared/i18n/time.ts';

test('how long ago reads relative in both languages: 刚刚, minutes, hours, then whole days', () => {
  const now = new Date(2026, 11, 3, 15, 0);
  const before = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);
  assert.equal(formatAgo('zh-CN', before(0.5), now), '刚刚');
  assert.equal(formatAgo('en', before(0.5), now), 'just now');
  assert.equal(formatAgo('zh-CN', before(5), now), '5 分钟前');
  assert.equal(formatAgo('en', before(5).toISOString(), now), '5 min ago');
  assert.equal(formatAgo('zh-CN', before(3 * 60 + 59), now), '3 小时前');
  assert.equal(formatAgo('en', before(3 * 60), now), '3 h ago');
  assert.equal(formatAgo('zh-CN', before(24 * 60 + 1), now), '1 天前');
  assert.equal(formatAgo('en', before(24 * 60 + 1), now), '1 day ago');
  assert.equal(formatAgo('zh-CN', before(3 * 24 * 60 + 120), now), '3 天前');
  assert.equal(formatAgo('en', before(3 * 24 * 60), now), '3 days ago');
});
