import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrateData } from '../../../electron/services/forms/index.ts';
import { FORM_CATALOG, type FormDefinition } from '../../../shared/forms/index.ts';

const base = FORM_CATALOG.find((f) => f.id === 'front-end-change') as FormDefinition;
/** Version 3 of the form: `change` was called `content` in version 1 and `details` in version 2. */
const evolved: FormDefinition = {
  ...base,
  version: 3,
  migrations: [
    { from: 1, rename: { content: 'details' } },
    { from: 2, rename: { details: 'change' } },
  ],
};

test('a version-1 draft is carried over step by step; answers the new form no longer asks are kept aside, not dropped', () => {
  const migrated = migrateData(evolved, 1, { machineAddress: '10.12.8.30', content: '更换服务器', fax: '0591-1234567' });
  assert.deepEqual(migrated.data, { machineAddress: '10.12.8.30', change: '更换服务器' });
  assert.deepEqual(migrated.legacy, { fax: '0591-1234567' });
});

test('a draft already at the current version is unchanged', () => {
  const data = { machineAddress: '10.12.8.30', change: '更换服务器' };
  assert.deepEqual(migrateData(evolved, 3, data), { data, legacy: {} });
});
