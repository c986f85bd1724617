import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_FACTS, pinRuleViolations } from '../../../shared/validation/pin.ts';
import { pinyinNameForms } from '../../../shared/validation/pinyin.ts';

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

// 张三's readings as a pinyin library gives them (pinyin-pro: ['zhāng', 'sān']).
const ZHANG_SAN = ['zhāng', 'sān'];

test('a holder’s name in pinyin is refused with or without tones, joined or split, in either order', () => {
  const forms = pinyinNameForms(ZHANG_SAN);
  for (const form of ['zhangsan', 'sanzhang', 'zhāngsān', 'zhang1san1']) assert.ok(forms.includes(form), form);
  const holder = { ...NO_FACTS, names: ['张三', ...forms] };
  for (const pin of [
    'zhangsan1',
    'ZhangSan2026',
    'zhang_san8',
    'Zhang-San99',
    'zhang san 2026',
    'zhāngsān12',
    'zhang1san1x',
    'San_Zhang88',
  ]) {
    assert.ok(pinRuleViolations(pin, holder).includes('personal'), pin);
  }
  assert.deepEqual(pinRuleViolations('Seal2026desk', holder), []);
  assert.deepEqual(pinRuleViolations('Zhan9gsa8n', holder), [], 'letters of the name broken apart are not the name');
});

test('tone digits anywhere in the name do not hide it: on any syllable, on some, or with the wrong tone', () => {
  const holder = { ...NO_FACTS, names: ['张三', ...pinyinNameForms(ZHANG_SAN)] };
  for (const pin of [
    'zhang1san1',
    'zhang3san',
    'zhangsan4x',
    'Zhang4San2x',
    'zhang5san0',
    'ZHANG1SAN',
    'san1zhang1',
    'x9zhang_3san',
    'zhang2-san2',
  ]) {
    assert.ok(pinRuleViolations(pin, holder).includes('personal'), pin);
  }
  assert.deepEqual(pinRuleViolations('zhang9san', holder), [], '9 is no tone: the name is broken apart');
  assert.deepEqual(pinRuleViolations('Zhao3Qian4', holder), [], 'another name with tone digits');
});

test('pinyin forms spell ü as ü, v and u, keep surname-first and given-first orders, and skip forms too short to mean a name', () => {
  const forms = pinyinNameForms(['lǚ', 'xiǎo', 'lóng']);
  for (const form of ['lüxiaolong', 'lvxiaolong', 'luxiaolong', 'xiaolonglv', 'lv3xiao3long2']) assert.ok(forms.includes(form), form);
  assert.deepEqual(pinyinNameForms(['ā']), []);
  assert.deepEqual(pinyinNameForms([]), []);
});
