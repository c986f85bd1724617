import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_CATALOG, catalogOf, checkedCatalog, FormCatalog } from '../../../electron/services/forms/index.ts';
import { FORM_CATALOG, type FormDefinition } from '../../../shared/forms/index.ts';
import { FormDefinitionSchema } from '../../../shared/forms/schema.ts';
import { tempDir } from '../../support/temp.ts';

const AT = new Date('2026-12-20T09:00:00+08:00');
const byId = (id: string): FormDefinition => {
  const form = FORM_CATALOG.find((f) => f.id === id);
  assert.ok(form, id);
  return form;
};

/** What an operator publishes: the contact form at version 2 with a fax field, the rest dropped, 2027-01-04 a holiday. */
function nextCatalog() {
  const contact = byId('contact-change');
  const schema = { ...contact.schema, properties: { ...contact.schema.properties, fax: { type: 'string' as const, title: '传真' } } };
  return catalogOf(
    {
      forms: [{ ...contact, version: 2, schema }],
      calendar: { ...BUILTIN_CATALOG.calendar, source: 'center', holidays: [...BUILTIN_CATALOG.calendar.holidays, '2027-01-04'] },
    },
    AT,
  );
}

test('every built-in form passes the schema forms from the center must pass, after a trip through JSON', () => {
  for (const form of FORM_CATALOG) assert.ok(FormDefinitionSchema.safeParse(JSON.parse(JSON.stringify(form))).success, form.id);
  assert.deepEqual(checkedCatalog(JSON.parse(JSON.stringify(BUILTIN_CATALOG))), BUILTIN_CATALOG);
});

test('a published catalog is taken once, kept across restarts, and the forms it drops stay for their drafts', () => {
  const dir = tempDir('catalog');
  const catalog = FormCatalog.in(dir);
  assert.equal(catalog.published.revision, BUILTIN_CATALOG.revision);
  const next = nextCatalog();
  assert.equal(catalog.adopt(JSON.parse(JSON.stringify(next))), true);
  assert.equal(catalog.adopt(next), false, 'the same revision again changes nothing');

  const restarted = FormCatalog.in(dir);
  assert.deepEqual(
    restarted.forms.map((f) => [f.id, f.version]),
    [['contact-change', 2]],
  );
  assert.equal(restarted.formById('network-access').title, byId('network-access').title, 'a dropped form still opens its drafts');
  assert.equal(restarted.calendar.isWorkingDay('2027-01-04'), false, 'the center’s calendar is in force');
  assert.equal(restarted.published.publishedAt, AT.toISOString());
  assert.throws(() => restarted.formById('no-such-form'), { code: 'FORM_NOT_FOUND' });
});

test('a form the center stops offering stays known even when it was never built in', () => {
  const catalog = new FormCatalog();
  const special = { ...byId('contact-change'), id: 'special-request', title: '专项申请' };
  catalog.adopt(catalogOf({ forms: [special], calendar: BUILTIN_CATALOG.calendar }, AT));
  catalog.adopt(nextCatalog());
  assert.equal(catalog.formById('special-request').title, '专项申请');
  assert.ok(!catalog.forms.some((f) => f.id === 'special-request'), 'but not offered for new applications');
});

test('what the app cannot use is CATALOG_INVALID and changes nothing: unknown keywords and rules, a wrong revision', () => {
  const catalog = new FormCatalog();
  const contact = byId('contact-change');
  const withRef = { ...contact, schema: { ...contact.schema, $ref: 'https://example.org/other' } };
  assert.throws(() => catalogOf({ forms: [withRef], calendar: BUILTIN_CATALOG.calendar }, AT), { code: 'CATALOG_INVALID' });
  const withRule = { ...contact, rules: [{ kind: 'script', source: 'alert(1)' }] };
  assert.throws(() => catalogOf({ forms: [withRule], calendar: BUILTIN_CATALOG.calendar }, AT), { code: 'CATALOG_INVALID' });
  assert.throws(() => catalog.adopt({ ...nextCatalog(), revision: BUILTIN_CATALOG.revision.replace(/^./, '0') }), {
    code: 'CATALOG_INVALID',
  });
  assert.equal(catalog.published, BUILTIN_CATALOG);
});

test('a kept catalog damaged on disk is not used: the built-in one is', () => {
  const dir = tempDir('catalog-damaged');
  FormCatalog.in(dir).adopt(nextCatalog());
  const file = join(dir, 'center-catalog.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"2027-01-04"', '"2027-01-05"'));
  assert.equal(FormCatalog.in(dir).published.revision, BUILTIN_CATALOG.revision);
});
