import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityFrom, prefilled } from '../../../electron/services/forms/index.ts';
import { FORM_CATALOG } from '../../../shared/forms/index.ts';
import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import { newPassphraseProblem } from '../../../shared/validation/passphrase.ts';

const certificate = (kind: CertificateDetails['kind'], subject: Partial<CertificateDetails['subject']>, isCa = false) =>
  ({ kind, isCa, subject: { text: '', commonName: null, organization: null, creditCode: null, ...subject } }) as CertificateDetails;

const tokenCertificates = [
  certificate('unknown', { commonName: 'SealDesk Demo CA', organization: '演示 CA' }, true),
  certificate('seal', { commonName: '示例市大数据管理局电子印章', organization: '示例市大数据管理局', creditCode: '11350100MB00000012' }),
  certificate('personal', { commonName: '张三', organization: '示例市大数据管理局' }),
];
const form = FORM_CATALOG.find((f) => f.id === 'network-access')!;

test('the token names the unit (from its seal when there is no unit certificate), its credit code and the holder', () => {
  assert.deepEqual(identityFrom(tokenCertificates), {
    unitName: '示例市大数据管理局',
    creditCode: '11350100MB00000012',
    holderName: '张三',
  });
  assert.deepEqual(identityFrom([]), { unitName: null, creditCode: null, holderName: null });
});

test('prefilling fills only the empty places the form asks for; an imported value is kept', () => {
  const identity = identityFrom(tokenCertificates);
  assert.deepEqual(prefilled(form, {}, identity), {
    applicant: { name: '示例市大数据管理局', creditCode: '11350100MB00000012' },
    handler: { name: '张三' },
  });
  const imported = { applicant: { name: '另一个单位', address: '政务路 1 号' }, handler: { name: '' } };
  assert.deepEqual(prefilled(form, imported, identity), {
    applicant: { name: '另一个单位', address: '政务路 1 号', creditCode: '11350100MB00000012' },
    handler: { name: '张三' },
  });
});

test('a new store passphrase: too short says how many characters are missing (counted as characters), then a mismatch', () => {
  assert.deepEqual(newPassphraseProblem('口令12', '口令12'), { kind: 'tooShort', missing: 6 });
  assert.deepEqual(newPassphraseProblem('本机存储口令-2026', '本机存储口令-2025'), { kind: 'mismatch' });
  assert.equal(newPassphraseProblem('本机存储口令-2026', '本机存储口令-2026'), null);
});
