import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapPkcs11Error, pinStatesFromFlags, remainingTriesFromFlags } from '../../../../electron/services/token/index.ts';

function ckr(name: string): Error {
  return Object.assign(new Error(name), { code: 0 });
}

test('CKR codes map to the typed errors users see', () => {
  assert.equal(mapPkcs11Error(ckr('CKR_PIN_INCORRECT')).code, 'PIN_INCORRECT');
  assert.equal(mapPkcs11Error(ckr('CKR_PIN_LOCKED')).code, 'PIN_LOCKED');
  assert.equal(mapPkcs11Error(ckr('CKR_DEVICE_REMOVED')).code, 'TOKEN_REMOVED');
  assert.equal(mapPkcs11Error(ckr('CKR_TOKEN_NOT_PRESENT')).code, 'TOKEN_REMOVED');
  assert.equal(mapPkcs11Error(ckr('CKR_SESSION_HANDLE_INVALID')).code, 'TOKEN_REMOVED');
  assert.equal(mapPkcs11Error(ckr('CKR_USER_NOT_LOGGED_IN')).code, 'TOKEN_NOT_LOGGED_IN');
  assert.equal(mapPkcs11Error(ckr('CKR_MECHANISM_INVALID')).code, 'MECHANISM_UNSUPPORTED');
  assert.equal(mapPkcs11Error(ckr('CKR_SOMETHING_NEW')).code, 'DEVICE_ERROR');
  assert.equal(mapPkcs11Error('not an error').code, 'DEVICE_ERROR');
});

test('PIN state comes from the token flags, most severe first', () => {
  assert.deepEqual(pinStatesFromFlags(0x40d), ['ok']);
  assert.deepEqual(pinStatesFromFlags(0x80000), ['toBeChanged']);
  assert.deepEqual(pinStatesFromFlags(0x10000 | 0x20000), ['finalTry']);
  assert.deepEqual(pinStatesFromFlags(0x10000 | 0x40000), ['locked']);
  assert.deepEqual(pinStatesFromFlags(0x10000 | 0x80000), ['countLow', 'toBeChanged']);
  assert.equal(remainingTriesFromFlags(0x20000), 1);
  assert.equal(remainingTriesFromFlags(0x40000), 0);
  assert.equal(remainingTriesFromFlags(0x10000), null, 'count low gives no exact number');
});
