import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFieldError, FORM_CATALOG } from '../../../shared/forms/index.ts';
import { FormCatalog, validateApplication } from '../../../electron/services/forms/index.ts';

const catalog = new FormCatalog();
const calendar = catalog.calendar;
const formById = (id: string) => catalog.formById(id);

test('every form in the catalogue has an example that validates', () => {
  for (const form of FORM_CATALOG) assert.deepEqual(validateApplication(form, form.example, calendar), [], form.id);
});

test('容灾备份: stopping a service needs 15 working days across National Day; 应急备机 at most 3 months', () => {
  const form = formById('disaster-recovery');
  const stop = { ...form.example, action: '停止', applicationDate: '2026-09-25', from: '2026-10-12' };
  const [notice] = validateApplication(form, stop, calendar);
  assert.equal(notice?.code, 'notice');
  assert.equal(describeFieldError('zh-CN', notice!), '“开始日期”须至少提前 15 个工作日，最早为 2026年10月22日。');
  const standby = { ...form.example, service: '应急备机', from: '2026-12-01', to: '2027-03-15' };
  assert.deepEqual(
    validateApplication(form, standby, calendar).map((e) => [e.path, e.code]),
    [['to', 'maxSpan']],
  );
});

test('数据共享: 不予共享 cannot be requested; a broader mode than needed asks for a reason', () => {
  const form = formById('data-sharing');
  const refused = { ...form.example, resource: { name: '涉密档案', provider: '示例市档案馆', shareType: '不予共享' } };
  assert.equal(describeFieldError('zh-CN', validateApplication(form, refused, calendar)[0]!), '不予共享的资源不能申请共享，只能提出异议。');
  const broader = { ...form.example, serviceMode: '查询' };
  assert.deepEqual(
    validateApplication(form, broader, calendar).map((e) => e.code),
    ['broaderThanNeeded'],
  );
  assert.deepEqual(validateApplication(form, { ...broader, broaderJustification: '需核对多条历史记录' }, calendar), []);
});

test('conditional fields: a personal certificate needs the holder ID; revocation needs a reason from the regulation', () => {
  const form = formById('certificate');
  const withoutId = Object.fromEntries(Object.entries(form.example).filter(([key]) => key !== 'holderIdNumber'));
  assert.deepEqual(
    validateApplication(form, withoutId, calendar).map((e) => e.path),
    ['holderIdNumber'],
  );
  const revoke = { ...form.example, requestType: '撤销', certificateSerial: '1A2B3C' };
  assert.deepEqual(
    validateApplication(form, revoke, calendar).map((e) => e.path),
    ['reason'],
  );
});
