import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BatchOutcome, SealDeskService } from '../../../electron/services/seal/index.ts';
import type { TokenService } from '../../../electron/services/token/index.ts';
import { freshDemo } from '../../support/demo.ts';
import { pdfsig, writeTestPdf } from '../../support/pdf.ts';
import { openSealDesk } from '../../support/seal-desk.ts';
import { tempDir } from '../../support/temp.ts';

// A batch reads the seal's key from the token once; a leak reported while it runs must still stop it.
const provisioned = freshDemo('batch-blocked');
const work = tempDir('batch-blocked-work');
const blocked = new Set<string>();
let tokens: TokenService;
let desk: SealDeskService;

before(async () => {
  ({ tokens, desk } = await openSealDesk(await provisioned, join(work, 'data'), { isBlocked: (fingerprint) => blocked.has(fingerprint) }));
});
after(() => tokens.close());

test('a seal certificate reported leaked during a batch: the documents not yet sealed fail with CERT_BLOCKED and get no output', async () => {
  const demo = await provisioned;
  const inputs = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const draft = join(work, `draft-${i}.pdf`);
      writeTestPdf(draft, 1);
      const approved = join(work, `通知-${i}.pdf`);
      await desk.approve({
        serial: demo.tokenSerial,
        certificate: '个人证书',
        input: draft,
        output: approved,
        overwrite: false,
        visible: null,
      });
      return approved;
    }),
  );
  const seal = (await desk.seals()).find((s) => s.certificate.label === '电子印章');
  assert.ok(seal);
  const outDir = tempDir('batch-blocked-out');
  const outcomes: BatchOutcome[] = await desk.sealBatch(
    {
      serial: demo.tokenSerial,
      certificate: '电子印章',
      inputs,
      outDir,
      overwrite: false,
      placement: { page: 1, xMm: 60, yMm: 40 },
      crossPage: false,
      final: false,
    },
    { onDone: (outcome) => outcome.error === null && blocked.add(seal.certificate.fingerprintSha256) },
  );
  const [first] = outcomes;
  assert.equal(first?.error, null);
  assert.deepEqual(pdfsig(first?.output ?? '').validations, ['Signature is Valid.', 'Signature is Valid.']);
  // Two documents are in flight at once: the one beside the first may have been signed already.
  const refused = outcomes.slice(2);
  assert.deepEqual(
    refused.map((o) => o.error?.code),
    refused.map(() => 'CERT_BLOCKED'),
  );
  assert.equal(readdirSync(outDir).length, outcomes.filter((o) => o.error === null).length, 'a file only for each document sealed');
});
