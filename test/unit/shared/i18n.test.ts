import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../shared/errors.ts';
import { en } from '../../../shared/i18n/en.ts';
import { errorMessage, translate } from '../../../shared/i18n/index.ts';
import {
  formatCalendarDay,
  formatDateTime,
  formatDay,
  formatDaysLeft,
  formatExpiresIn,
  parseCalendarDay,
  parseClock,
  todayAsCalendarDay,
} from '../../../shared/i18n/time.ts';
import { describeUsages } from '../../../shared/i18n/usage.ts';
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

test('times read in local time in the language of the user: no ISO string, no month-first date in English', () => {
  const evening = new Date(2026, 11, 2, 20, 2, 48);
  assert.equal(formatDateTime('zh-CN', evening), '2026年12月2日 20:02');
  assert.equal(formatDateTime('en', evening), '2 Dec 2026, 20:02');
  assert.equal(formatDay('zh-CN', evening.toISOString()), '2026年12月2日');
  assert.equal(formatDay('en', evening), '2 Dec 2026');
});

test('a form’s day (YYYY-MM-DD) reads as that day in both languages, whatever the time zone; today is the local day', () => {
  assert.equal(formatCalendarDay('zh-CN', '2026-12-07'), '2026年12月7日');
  assert.equal(formatCalendarDay('en', '2026-12-07'), '7 Dec 2026');
  assert.equal(formatCalendarDay('en', 'not a day'), 'not a day');
  assert.equal(todayAsCalendarDay(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
});

test('key usages read in words; one without a name stays as it is', () => {
  assert.equal(describeUsages('zh-CN', ['digitalSignature', 'nonRepudiation'], '无'), '数字签名、不可否认（内容承诺）');
  assert.equal(describeUsages('en', ['clientAuth', '1.2.3.4'], 'none'), 'Client authentication, 1.2.3.4');
  assert.equal(describeUsages('en', [], 'none'), 'none');
});

test('an expiry reads relative in both languages, in the whole days left that certificate statuses count', () => {
  const now = new Date(2026, 11, 2, 20, 2);
  const later = (hours: number): Date => new Date(now.getTime() + hours * 3_600_000);
  assert.equal(formatExpiresIn('zh-CN', later(60 * 24 - 1), now), '59 天后到期');
  assert.equal(formatExpiresIn('en', later(60 * 24 - 1).toISOString(), now), 'expires in 59 days');
  assert.equal(formatExpiresIn('zh-CN', later(30), now), '1 天后到期');
  assert.equal(formatExpiresIn('en', later(30), now), 'expires in 1 day');
  assert.equal(formatExpiresIn('en', later(5), now), 'expires within a day');
  assert.equal(formatExpiresIn('zh-CN', later(-5), now), '已过期');
  assert.equal(formatDaysLeft('en', 12), 'expires in 12 days');
});

test('a date field takes the day as people type it and holds it as YYYY-MM-DD; a day the calendar lacks is refused', () => {
  for (const typed of ['2026-12-24', '2026/12/24', '2026.12.24', '2026年12月24日', ' 2026 年 12 月 24 日 ', '20261224'])
    assert.equal(parseCalendarDay(typed), '2026-12-24', typed);
  assert.equal(parseCalendarDay('2026-3-5'), '2026-03-05');
  for (const typed of ['', '12/24/2026', '2026-02-30', '2026-13-01', '24 Dec 2026', '2026-12'])
    assert.equal(parseCalendarDay(typed), null, typed);
});

test('a time of day is taken as typed (9:00, 09:00, full-width colon) and held as HH:mm; an hour past 23 is refused', () => {
  for (const typed of ['9:00', '09:00', '9：00', ' 9 : 00 ']) assert.equal(parseClock(typed), '09:00', typed);
  assert.equal(parseClock('23:59'), '23:59');
  for (const typed of ['', '24:00', '9:60', '9', '9:00 AM']) assert.equal(parseClock(typed), null, typed);
});
