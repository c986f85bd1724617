import assert from 'node:assert/strict';
import { test } from 'node:test';
import { familyTable, formatTable, loadLimbo, runLimboCase, skipReason, type LimboOutcome } from '../../../support/limbo.ts';

/** Name constraints, criticality and CRLs: there a false accept is a hole, not a nuance. */
const NO_FALSE_ACCEPTS = [/^(rfc5280|webpki)::nc::/, /^cve::/, /^crl::/, /unknown-critical-extension|::critical-/];
const REQUIRED_SHARE = 0.95;
/** Generous, so a busy machine does not flake it: the work budget, not time, is what bounds a case. */
const CASE_LIMIT_MS = 10_000;

test('x509-limbo: at least 95 % right on the cases a document-signing validator can express', () => {
  const cases = loadLimbo();
  const skipped = cases.filter((limboCase) => skipReason(limboCase) !== null);
  const outcomes = cases.filter((limboCase) => skipReason(limboCase) === null).map(runLimboCase);
  const right = outcomes.filter((outcome) => outcome.actual === outcome.expected).length;
  const wrong = outcomes.filter((outcome) => outcome.actual !== outcome.expected);
  const table = formatTable(familyTable(outcomes, skipped));
  const misses = wrong.map((outcome) => `  ${outcome.id}: expected ${outcome.expected}, got ${outcome.detail}`).join('\n');
  process.stdout.write(`${table}\n${right}/${outcomes.length} right (${skipped.length} skipped)\n${misses}\n`);

  const slow = outcomes.filter((outcome) => outcome.milliseconds > CASE_LIMIT_MS).map((outcome) => outcome.id);
  assert.deepEqual(slow, [], 'no case may take more than 10 s');
  const holes = wrong.filter((outcome: LimboOutcome) => outcome.actual === 'SUCCESS' && isStrictFamily(outcome.id));
  assert.deepEqual(
    holes.map((outcome) => outcome.id),
    [],
    'no false accept in name constraints, criticality or CRLs',
  );
  assert.ok(right / outcomes.length >= REQUIRED_SHARE, `${right}/${outcomes.length} is under 95 %`);
});

function isStrictFamily(id: string): boolean {
  return NO_FALSE_ACCEPTS.some((pattern) => pattern.test(id));
}
