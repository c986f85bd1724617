import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../shared/errors.ts';
import { en } from '../../../shared/i18n/en.ts';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import { zhCN } from '../../../shared/i18n/zh-CN.ts';

test('both catalogs have every key and a message for every error code', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zhCN).sort());
  for (const code of ERROR_CODES) {
    assert.ok(errorMessage('zh-CN', { code, params: {} }).length > 0, code);
    assert.ok(errorMessage('en', { code, params: {} }).length > 0, code);
  }
});

test('a wrong PIN names the remaining tries when the token reports them', () => {
  assert.equal(errorMessage('zh-CN', { code: 'PIN_INCORRECT', params: { remainingTries: 1 } }), 'PIN 码错误，还剩 1 次尝试机会。');
  assert.equal(errorMessage('zh-CN', { code: 'PIN_INCORRECT', params: { remainingTries: null } }), 'PIN 码错误。');
  assert.match(errorMessage('en', { code: 'PIN_LOCKED', params: {} }), /locked/);
  assert.equal(translate('en', 'certs.daysLeft', { days: 12 }), '12 days left');
});

test('an error whose parameter is itself a code shows it translated, never the code', () => {
  const invalid = { code: 'UNLOCK_REQUEST_INVALID', params: { problem: 'other-token' } } as const;
  assert.match(errorMessage('zh-CN', invalid), /（针对的是另一把 USBKey）/);
  assert.match(errorMessage('en', invalid), /\(it names another USBKey\)/);
  assert.doesNotMatch(errorMessage('zh-CN', invalid), /other-token/);
});
