import { COMMON_EXAMPLE, COMMON_ORDER, formSchema } from '../common.ts';
import { choice, date, formatted, list, object, text } from '../fields.ts';
import type { FormDefinition } from '../types.ts';

export const contactChange: FormDefinition = {
  id: 'contact-change',
  version: 1,
  title: '人员/联系人变更通知',
  description: '单位负责人、网络管理员、证书或印章专管人员等联系人变更。须至少提前 5 个工作日通知。',
  schema: formSchema('人员/联系人变更通知', {
    changes: list(
      '变更事项',
      object('变更', {
        role: choice('角色', ['分管负责人', '网络管理员', '数字证书管理员', '电子印章专管人员', '业务联系人']),
        previousName: text('原人员', 50),
        newName: text('新人员', 50),
        newPhone: formatted('新人员联系电话', 'cn-phone'),
      }),
    ),
    effectiveDate: date('生效日期'),
  }),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [{ kind: 'notice', dateField: 'effectiveDate', workingDays: 5 }],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    changes: [{ role: '网络管理员', previousName: '赵六', newName: '钱七', newPhone: '13712345678' }],
    effectiveDate: '2026-12-01',
  },
};
