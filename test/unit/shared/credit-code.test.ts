import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCreditCode, isValidCreditCode, withCheckCharacter } from '../../../shared/validation/credit-code.ts';

test('accepts published 统一社会信用代码 and rejects a wrong check character', () => {
  assert.equal(isValidCreditCode('91350100M000100Y43'), true);
  assert.equal(isValidCreditCode('91350100M000100Y44'), false);
  assert.equal(isValidCreditCode('91350100M000100Y4'), false);
  assert.equal(isValidCreditCode('9135010OM000100Y43'), false, 'O is not in the GB 32100 alphabet');
});

test('completes a body with its check character and finds codes inside attribute text', () => {
  const code = withCheckCharacter('11350100MB0000001');
  assert.equal(isValidCreditCode(code), true);
  assert.equal(findCreditCode(`USCC:${code}`), code);
  assert.equal(findCreditCode('办公室'), null);
});
