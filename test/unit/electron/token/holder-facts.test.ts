import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holderFactsFrom } from '../../../../electron/services/token/holder-facts.ts';
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
