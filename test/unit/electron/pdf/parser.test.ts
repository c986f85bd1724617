import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PdfString } from '../../../../electron/services/pdf/objects.ts';
import { PdfParser } from '../../../../electron/services/pdf/parser.ts';

function hexString(source: string): string {
  const value = new PdfParser(Buffer.from(source, 'latin1')).readValue();
  assert.ok(value instanceof PdfString && value.hex);
  return Buffer.from(value.bytes).toString('latin1');
}

test('a hex string ignores every PDF white-space character and pads an odd last digit with 0 (ISO 32000 §7.3.4.3)', () => {
  assert.equal(hexString('<48 65\n6C\r6C\t6F\f2100>'), 'Hello!\0');
  assert.equal(hexString('<4\u00001>'), 'A');
  assert.equal(hexString('<414>'), 'A@');
});
