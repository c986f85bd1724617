import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../../../electron/services/forms/index.ts';

test('RFC 8785 §3.2.2 example: sorted keys, ECMAScript numbers, minimal string escapes', () => {
  const input = JSON.parse(
    '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
  ) as unknown;
  assert.equal(
    canonicalJson(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
});

test('keys sort by UTF-16 code units, so the same data always gives the same signed bytes', () => {
  assert.equal(
    canonicalJson({ 申请: 1, b: { z: 1, a: [2, { y: 0, x: 0 }] }, A: null }),
    '{"A":null,"b":{"a":[2,{"x":0,"y":0}],"z":1},"申请":1}',
  );
  assert.throws(() => canonicalJson({ n: Number.NaN }));
});
