import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { CenterStore } from '../../../center/store.ts';
import { tempDir } from '../../support/temp.ts';

const NOW = 1_800_000_000;

test('a nonce is taken once per key until it expires; expired ones are forgotten', () => {
  const store = new CenterStore(join(tempDir('center-nonces'), 'center.db'));
  try {
    assert.equal(store.rememberNonce('unit-a', 'n1', NOW + 120, NOW), true);
    assert.equal(store.rememberNonce('unit-a', 'n1', NOW + 120, NOW + 60), false, 'the replay within its lifetime');
    assert.equal(store.rememberNonce('unit-b', 'n1', NOW + 120, NOW + 60), true, "another key's nonce is its own");
    assert.equal(
      store.rememberNonce('unit-a', 'n1', NOW + 300, NOW + 121),
      true,
      'gone once expired (its signature is refused as expired anyway)',
    );
  } finally {
    store.close();
  }
});

test('forgetting expired nonces, on every signed request, goes through an index rather than a scan of all live ones', () => {
  const path = join(tempDir('center-nonces'), 'center.db');
  new CenterStore(path).close();
  const db = new Database(path, { readonly: true });
  try {
    const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM nonces WHERE expires < ?').all(NOW) as { detail: string }[];
    assert.match(plan.map((step) => step.detail).join('\n'), /USING (COVERING )?INDEX nonces_by_expiry/);
  } finally {
    db.close();
  }
});
