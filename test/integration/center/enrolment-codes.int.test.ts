import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ReferenceCenter } from '../../../center/index.ts';
import { DEMO_UNIT } from '../../../electron/services/demo/index.ts';
import { enrol } from '../../../electron/services/sync/index.ts';
import type { Signer } from '../../../electron/services/token/index.ts';
import { anotherUnit, freshCenter, type CenterFixture } from '../../support/center.ts';

// Codes valid one hour here, and five failed enrolments per address per quarter hour.
const OTHER_UNIT = '示例市卫生健康委员会';
const fixture = freshCenter('center-codes', {}, { enrolmentCodeHours: 1, enrolmentFailuresPerSource: 5 });
let f: CenterFixture;
let other: Signer;

before(async () => {
  f = await fixture;
  other = await anotherUnit(f, OTHER_UNIT);
});

const enrolWith = (code: string, signer: Signer) => enrol({ url: f.url, code, signer, trustedRoots: f.trustedRoots });

test("a code names its unit: B cannot enrol with A's code (and does not spend it), and A can use it only once", async () => {
  await assert.rejects(enrolWith(f.enrolmentCode, other), { code: 'ENROLMENT_CODE_INVALID', params: { problem: 'other-unit' } });
  const enrolled = await enrolWith(f.enrolmentCode, f.unit);
  assert.equal(enrolled.unitName, DEMO_UNIT);
  await assert.rejects(enrolWith(f.enrolmentCode, f.unit), { code: 'ENROLMENT_CODE_INVALID', params: { problem: 'used' } });
});

test('a code expires after the configured hours', async () => {
  const twoHoursAgo = await ReferenceCenter.open(join(f.dir, 'center'), () => new Date(Date.now() - 2 * 3_600_000));
  const stale = twoHoursAgo.createEnrolmentCode(OTHER_UNIT);
  await twoHoursAgo.close();
  await assert.rejects(enrolWith(stale, other), { code: 'ENROLMENT_CODE_INVALID', params: { problem: 'expired' } });
});

test('after five failures an address must wait, even with a good code', async () => {
  for (const guess of ['GUESS-ONE', 'GUESS-TWO']) {
    await assert.rejects(enrolWith(guess, other), { code: 'ENROLMENT_CODE_INVALID', params: { problem: 'unknown' } });
  }
  await assert.rejects(enrolWith(f.center.createEnrolmentCode(OTHER_UNIT), other), {
    code: 'CENTER_REJECTED',
    params: { reason: 'too-many-requests', status: 429, authenticated: 'no' },
  });
});
