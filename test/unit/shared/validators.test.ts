import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDigit, idCardProblem } from '../../../shared/validation/id-card.ts';
import { cidrProblem, isIPv4, isIPv6, isPortList } from '../../../shared/validation/network.ts';
import { isValidPhone } from '../../../shared/validation/phone.ts';

const TODAY = new Date('2026-11-22T00:00:00Z');

test('居民身份证号: the GB 11643 example passes; a wrong check digit, impossible birth date or unknown region is named', () => {
  assert.equal(idCardProblem('11010519491231002X', TODAY), null);
  assert.equal(idCardProblem('11010519491231002x', TODAY), null, 'a lower-case x is the same number');
  assert.equal(idCardProblem('110105194912310021', TODAY), 'checkDigit');
  const feb30 = `1101051949023000${'2'}`;
  assert.equal(idCardProblem(feb30 + checkDigit(feb30), TODAY), 'birthDate');
  const unborn = '11010520270101002';
  assert.equal(idCardProblem(unborn + checkDigit(unborn), TODAY), 'birthDate');
  const nowhere = '99010519491231002';
  assert.equal(idCardProblem(nowhere + checkDigit(nowhere), TODAY), 'region');
  assert.equal(idCardProblem('1101051949123100', TODAY), 'shape');
});

test('phone numbers: mobiles and landlines with area codes, +86 and spaces tolerated', () => {
  for (const ok of ['13812345678', '+86 138 1234 5678', '010-62345678', '0591-87654321-802', '059187654321'])
    assert.equal(isValidPhone(ok), true, ok);
  for (const bad of ['12812345678', '1381234567', '62345678', '010-12345678', 'abc']) assert.equal(isValidPhone(bad), false, bad);
});

test('IPv4/IPv6 and CIDR: networks with host bits set, bad prefixes and malformed addresses are told apart', () => {
  assert.ok(isIPv4('10.12.0.1') && !isIPv4('10.12.0.256') && !isIPv4('10.012.0.1') && !isIPv4('10.12.0'));
  assert.ok(isIPv6('2001:db8::1') && isIPv6('::') && isIPv6('::ffff:10.0.0.1') && isIPv6('2001:db8:0:0:0:0:2:1'));
  assert.ok(!isIPv6('2001:db8:::1') && !isIPv6('2001:db8::1::2') && !isIPv6('12345::') && !isIPv6('1:2:3:4:5:6:7:8:9'));
  assert.equal(cidrProblem('10.12.8.0/22'), null);
  assert.equal(cidrProblem('10.12.9.0/22'), 'hostBits');
  assert.equal(cidrProblem('10.12.8.0/33'), 'prefix');
  assert.equal(cidrProblem('10.12.8.0'), 'prefix');
  assert.equal(cidrProblem('2001:db8:10::/48'), null);
  assert.equal(cidrProblem('2001:db8:10::1/48'), 'hostBits');
  assert.equal(cidrProblem('2001:db8:zz::/48'), 'address');
});

test('port lists: single ports, ascending ranges and lists of both, 1–65535', () => {
  for (const ok of ['443', '8000-8080', '80, 443,8443-8445', '22，3389']) assert.equal(isPortList(ok), true, ok);
  for (const bad of ['0', '65536', '8080-8000', '80;443', '', 'http']) assert.equal(isPortList(bad), false, bad);
});
