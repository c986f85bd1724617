import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, type Handlers } from '../../../shared/api/index.ts';
import { AppError } from '../../../shared/errors.ts';

const calls: string[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_target, method: string) => async (params: unknown) => {
    calls.push(method);
    if (method === 'tokens.logout') throw new Error('a bug with a stack');
    if (method === 'tokens.list') throw new AppError('TOKEN_REMOVED');
    return params;
  },
});

test('malformed messages are BAD_REQUEST before any service runs', async () => {
  const malformed: [string, unknown][] = [
    ['no.such.method', {}],
    ['tokens.login', { serial: 'abc' }],
    ['tokens.login', { serial: 'abc', pin: 123456 }],
    ['tokens.login', { serial: 'abc', pin: 'x'.repeat(65) }],
    ['tokens.login', { serial: 'abc', pin: '1234', extra: true }],
    ['settings.update', { locale: 'fr' }],
    ['tokens.certificates', 'not an object'],
    ['__proto__', {}],
  ];
  for (const [method, params] of malformed) {
    const outcome = await dispatch(handlers, method, params);
    assert.deepEqual(outcome.ok ? null : outcome.error.code, 'BAD_REQUEST', `${method} ${JSON.stringify(params)}`);
  }
  assert.deepEqual(calls, []);
});

test('typed errors cross as their code; anything else as INTERNAL without a stack', async () => {
  const removed = await dispatch(handlers, 'tokens.list', {});
  assert.deepEqual(removed, { ok: false, error: { code: 'TOKEN_REMOVED', params: {} } });
  const bug = await dispatch(handlers, 'tokens.logout', { serial: 's' });
  assert.deepEqual(bug, { ok: false, error: { code: 'INTERNAL', params: {} } });
  assert.doesNotMatch(JSON.stringify(bug), /stack/);
});
