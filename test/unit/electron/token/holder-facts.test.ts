import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holderFactsFrom } from '../../../../electron/services/token/holder-facts.ts';
import { pinRuleViolations } from '../../../../shared/validation/pin.ts';
import { opensslCertificate } from '../../../support/openssl.ts';
import { tempDir } from '../../../support/temp.ts';

test('the holder’s name, e-mail name, ID number and phone are read from the certificates on the token', () => {
  const der = opensslCertificate(
    tempDir('holder-facts'),
    'ec',
    '/C=CN/O=示例单位/CN=lisi/serialNumber=11010519491231002X/telephoneNumber=86-13812345678/emailAddress=li.si@example.cn',
  );
  const facts = holderFactsFrom([der, new Uint8Array([1, 2, 3])]);
  assert.deepEqual(facts.names, ['lisi', 'li.si']);
  assert.deepEqual(facts.idNumbers, ['11010519491231002X']);
  assert.deepEqual(facts.phones, ['13812345678']);
});

test('a Chinese holder name is also known in pinyin, so zhangsan1 and zhang_san are refused for 张三', () => {
  const der = opensslCertificate(tempDir('holder-facts-pinyin'), 'ec', '/C=CN/O=示例单位/CN=张三');
  const facts = holderFactsFrom([der]);
  for (const pin of ['zhangsan1', 'ZhangSan2026', 'zhang_san88', 'zhāngsān12', 'sanzhang9', 'zhang1san1', 'zhang3san']) {
    assert.ok(pinRuleViolations(pin, facts).includes('personal'), pin);
  }
  assert.deepEqual(pinRuleViolations('qx7Lm2pW', facts), [], 'a PIN without the name passes');
});

test('a surname is read as a surname: 单 is shàn, 曾 is zēng', () => {
  const der = opensslCertificate(tempDir('holder-facts-surname'), 'ec', '/C=CN/O=示例单位/CN=单雄信');
  const facts = holderFactsFrom([der]);
  assert.ok(pinRuleViolations('shanxiongxin1', facts).includes('personal'));
  const zeng = holderFactsFrom([opensslCertificate(tempDir('holder-facts-zeng'), 'ec', '/C=CN/O=示例单位/CN=曾国藩')]);
  assert.ok(pinRuleViolations('zengguofan8', zeng).includes('personal'));
});
