import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceLimits } from '../../../center/source-limits.ts';

const MINUTE = 60_000;

test('addresses whose failed enrolments have all aged out are forgotten; recent ones still count', () => {
  let now = Date.UTC(2026, 11, 2, 9, 0);
  const limits = new SourceLimits({ connectionsPerSource: 64, enrolmentFailuresPerSource: 3 }, () => new Date(now));
  for (let i = 0; i < 1000; i++) limits.recordEnrolmentFailure(`10.0.${i >> 8}.${i & 255}`);
  for (let i = 0; i < 3; i++) limits.recordEnrolmentFailure('192.0.2.7');
  assert.equal(limits.enrolmentSourcesTracked, 1001);
  assert.throws(() => limits.assertEnrolmentAllowed('192.0.2.7'), { reason: 'too-many-requests' });

  now += 10 * MINUTE;
  limits.recordEnrolmentFailure('192.0.2.8');
  assert.equal(limits.enrolmentSourcesTracked, 1002, 'within the window every address is kept');
  assert.throws(() => limits.assertEnrolmentAllowed('192.0.2.7'), { reason: 'too-many-requests' });

  now += 6 * MINUTE;
  limits.recordEnrolmentFailure('192.0.2.9');
  assert.equal(limits.enrolmentSourcesTracked, 2, 'only 192.0.2.8 (10 minutes old) and the new one are left');
  assert.doesNotThrow(() => limits.assertEnrolmentAllowed('192.0.2.7'));
});
