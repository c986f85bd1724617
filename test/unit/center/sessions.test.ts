import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rejected } from '../../../center/auth.ts';
import { CenterSessions } from '../../../center/sessions.ts';
import { SessionKeyAgreement } from '../../../electron/services/httpsig/index.ts';

const NOW = new Date('2026-12-03T08:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

test('client and center agree on a session’s keys; each direction and each session has its own', () => {
  const sessions = new CenterSessions();
  const client = new SessionKeyAgreement();
  const answer = sessions.open('unit-a', client.publicKey, NOW);
  const center = sessions.find(answer.sessionId, NOW);
  assert.ok(center);
  const derived = client.secrets(Buffer.from(answer.publicKey, 'base64'), answer.sessionId, 'client');
  assert.deepEqual(derived, center.secrets);
  assert.notDeepEqual(derived.requests, derived.responses);
  const other = sessions.open('unit-a', client.publicKey, NOW);
  assert.notEqual(other.sessionId, answer.sessionId);
  assert.notDeepEqual(sessions.find(other.sessionId, NOW)?.secrets.requests, derived.requests);
  assert.equal(answer.expiresAt, '2026-12-03T08:10:00.000Z');
});

test('a session ends after ten minutes; a certificate keeps its eight newest', () => {
  const sessions = new CenterSessions();
  const key = new SessionKeyAgreement().publicKey;
  const first = sessions.open('unit-a', key, NOW).sessionId;
  assert.ok(sessions.find(first, later(599)));
  assert.equal(sessions.find(first, later(600)), null);
  const opened = Array.from({ length: 9 }, () => sessions.open('unit-b', key, NOW).sessionId);
  assert.equal(sessions.find(opened[0] ?? '', NOW), null, 'the ninth ended the oldest');
  assert.ok(opened.slice(1).every((id) => sessions.find(id, NOW) !== null));
  assert.ok(sessions.find(first, NOW), "another certificate's session is untouched");
});

test('a key that is not a point on P-256 registers nothing; a session takes each nonce once', () => {
  const sessions = new CenterSessions();
  const notAPoint = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]);
  const eight = Array.from({ length: 8 }, () => sessions.open('unit-a', new SessionKeyAgreement().publicKey, NOW).sessionId);
  assert.throws(
    () => sessions.open('unit-a', notAPoint, NOW),
    (error: unknown) => error instanceof Rejected && error.status === 400,
  );
  assert.ok(
    eight.every((id) => sessions.find(id, NOW) !== null),
    'a refused key ends none of the eight',
  );
  const session = sessions.find(sessions.open('unit-a', new SessionKeyAgreement().publicKey, NOW).sessionId, NOW);
  assert.ok(session);
  const now = Math.floor(NOW.getTime() / 1000);
  assert.equal(session.rememberNonce('n1', now + 120, now), true);
  assert.equal(session.rememberNonce('n1', now + 120, now + 1), false);
  assert.equal(session.rememberNonce('n2', now + 120, now + 1), true);
});
