// The operator console's `center reports` at a real center (issue 28): per enrolled unit, beside its usage
// reports, the custody delegations and returns it sent (印章代管) and its ledger's last confirmed anchor —
// each under the unit that sent it, never under another.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { LedgerAnchors } from '../../../electron/services/audit/anchor.ts';
import { DEMO_UNIT } from '../../../electron/services/demo/index.ts';
import { CenterLink, enrol, folderParts } from '../../../electron/services/sync/index.ts';
import type { CenterEnrolment } from '../../../shared/model/center-link.ts';
import { anotherUnit, clientSync, freshCenter, type CenterFixture } from '../../support/center.ts';
import { runSealdeskAsync } from '../../support/cli.ts';

const OTHER_UNIT = '示例市卫生健康委员会';
const fixture = freshCenter('center-filings');
let f: CenterFixture;
let enrolment: CenterEnrolment;

before(async () => {
  f = await fixture;
  enrolment = await enrol({ url: f.url, code: f.enrolmentCode, signer: f.unit, trustedRoots: f.trustedRoots });
  const other = await anotherUnit(f, OTHER_UNIT);
  await enrol({ url: f.url, code: f.center.createEnrolmentCode(OTHER_UNIT), signer: other, trustedRoots: f.trustedRoots });
});

test("a unit's delegation, return and last anchor are listed under that unit only", async () => {
  const { outbox, sync } = clientSync(f, () => enrolment, { partsOf: (item) => Promise.resolve(folderParts(item.source)) });
  for (const [id, title] of [
    ['custody-d1', '印章代管：李四'],
    ['custody-d1-return', '印章收回：李四'],
  ] as const) {
    const folder = join(f.dir, id);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'delegation.json'), JSON.stringify({ id, title }));
    await sync.seal(outbox.enqueue({ id, kind: 'custody', title, source: folder }), folderParts(folder));
  }
  assert.deepEqual((await sync.syncOnce()).sent, ['custody-d1', 'custody-d1-return']);
  const link = new CenterLink({
    baseUrl: f.url,
    signer: f.unit,
    centerCertificate: new Uint8Array(Buffer.from(enrolment.signingCertificate, 'base64')),
  });
  const hashes = Array.from({ length: 4 }, (_, i) => createHash('sha256').update(`record ${i}`).digest('hex'));
  const anchored = await new LedgerAnchors(join(f.dir, 'ledger')).anchor(link, f.unit, hashes, new Date());
  assert.equal(anchored.confirmed?.sequence, 4);

  const filings = f.center.filings();
  assert.deepEqual(
    filings.map((unit) => [unit.unitName, unit.custody.map((s) => s.title), unit.reports.length, unit.lastAnchor?.sequence ?? null]),
    [
      [OTHER_UNIT, [], 0, null],
      [DEMO_UNIT, ['印章代管：李四', '印章收回：李四'], 0, 4],
    ],
    'units in name order',
  );

  const cli = (...args: string[]) =>
    runSealdeskAsync(['center', 'reports', '--dir', join(f.dir, 'center'), ...args], { LANG: 'zh_CN.UTF-8' });
  const listing = await cli();
  assert.equal(listing.code, 0, listing.stderr);
  const section = (unit: string) => listing.stdout.split(/\n(?=\S)/).find((block) => block.startsWith(`${unit}\n`)) ?? '';
  assert.match(section(DEMO_UNIT), /\t印章代管：李四\n.*\t印章收回：李四\n/);
  assert.match(section(DEMO_UNIT), /台账最近锚定：.*（前 4 条记录）。/);
  assert.doesNotMatch(section(OTHER_UNIT), /印章/);
  assert.match(section(OTHER_UNIT), /台账尚未锚定。/);
  const other = await cli('--unit', OTHER_UNIT, '--json');
  assert.deepEqual(JSON.parse(other.stdout), [{ unitName: OTHER_UNIT, reports: [], custody: [], lastAnchor: null }]);
});
