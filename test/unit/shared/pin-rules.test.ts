import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_FACTS, pinRuleViolations } from '../../../shared/validation/pin.ts';

const HOLDER = { names: ['zhangsan', '张三'], idNumbers: ['11010519491231002X'], phones: ['13812345678'] };

test('a PIN needs 8 characters with letters and digits', () => {
  assert.deepEqual(pinRuleViolations('Ab3', NO_FACTS), ['tooShort']);
  assert.deepEqual(pinRuleViolations('12345678', NO_FACTS), ['lettersAndDigits']);
  assert.deepEqual(pinRuleViolations('abcdefgh', NO_FACTS), ['lettersAndDigits']);
  assert.deepEqual(pinRuleViolations('Seal2026desk', NO_FACTS), []);
});

test('a PIN built from the holder’s name, ID number, birthday or phone is refused', () => {
  for (const pin of ['ZhangSan2026', 'a11010519491231002x', 'pin19491231', 'pin491231x', 'x31002Xabc', 'Tel13812345678', 'a12345678b']) {
    assert.ok(pinRuleViolations(pin, HOLDER).includes('personal'), pin);
  }
  assert.deepEqual(pinRuleViolations('Seal2026desk', HOLDER), []);
});

test('the new PIN must differ from the one it replaces', () => {
  assert.deepEqual(pinRuleViolations('Seal2026desk', NO_FACTS, 'Seal2026desk'), ['reused']);
  assert.deepEqual(pinRuleViolations('Seal2027desk', NO_FACTS, 'Seal2026desk'), []);
});
