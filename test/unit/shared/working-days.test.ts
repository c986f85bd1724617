import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OFFICIAL_CALENDAR, WorkingDayCalendar } from '../../../shared/calendar/index.ts';

const calendar = new WorkingDayCalendar(OFFICIAL_CALENDAR);

test('Spring Festival 2026: Sat 14 Feb is an adjusted workday, 15–23 Feb are off', () => {
  assert.equal(calendar.isWorkingDay('2026-02-14'), true);
  for (let day = 15; day <= 23; day++) assert.equal(calendar.isWorkingDay(`2026-02-${day}`), false, `Feb ${day}`);
  assert.deepEqual(calendar.addWorkingDays('2026-02-12', 5), { date: '2026-02-26', provisional: false });
});

test('National Day 2026: 5 working days from Mon 28 Sep end on the adjusted Saturday 10 Oct', () => {
  assert.equal(calendar.isWorkingDay('2026-10-01'), false);
  assert.equal(calendar.isWorkingDay('2026-10-10'), true);
  assert.deepEqual(calendar.addWorkingDays('2026-09-28', 5), { date: '2026-10-10', provisional: false });
});

test('15 working days across National Day 2025 (1–8 Oct off, Sun 28 Sep and Sat 11 Oct worked)', () => {
  assert.deepEqual(calendar.addWorkingDays('2025-09-24', 15), { date: '2025-10-21', provisional: false });
});

test('beyond the published years the answer is flagged provisional, never silently trusted', () => {
  assert.equal(calendar.coverage.to >= 2026, true);
  const answer = calendar.addWorkingDays(`${calendar.coverage.to}-12-28`, 5);
  assert.equal(answer.provisional, true);
});
