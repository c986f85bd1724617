import { COMMON_EXAMPLE, COMMON_ORDER, formSchema } from '../common.ts';
import { choice, list, longText, object, text, yesNo } from '../fields.ts';
import type { FormDefinition } from '../types.ts';

/** Narrowest first: comparison answers yes/no, query returns records, subscription streams them. */
export const SERVICE_MODES = ['比对', '查询', '订阅'];

export const dataSharing: FormDefinition = {
  id: 'data-sharing',
  version: 1,
  title: '政务信息资源共享需求申请',
  description: '按最小授权原则申请共享政务信息资源：能比对的不查询，能查询的不订阅。不予共享的资源只能提出异议。',
  schema: formSchema(
    '政务信息资源共享需求申请',
    {
      resource: object('资源', {
        name: text('资源名称'),
        provider: text('提供部门'),
        shareType: choice('共享类型', ['无条件共享', '有条件共享', '不予共享']),
      }),
      purpose: longText('用途（与本单位职责的关系）'),
      dutyBasis: longText('职责依据（法规或“三定”规定条款）'),
      dataItems: list('所需数据项', text('数据项', 100)),
      sufficientMode: choice('能满足用途的最小方式', SERVICE_MODES),
      serviceMode: choice('申请的服务方式', SERVICE_MODES),
      broaderJustification: longText('申请方式超出最小方式的理由'),
    },
    ['broaderJustification'],
  ),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [
    { kind: 'forbiddenValue', field: 'resource.shareType', value: '不予共享', message: 'sharingRefused' },
    {
      kind: 'minimalAuthorisation',
      modeField: 'serviceMode',
      sufficientField: 'sufficientMode',
      justificationField: 'broaderJustification',
      order: SERVICE_MODES,
    },
  ],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    resource: { name: '居民户籍信息', provider: '示例市公安局', shareType: '有条件共享' },
    purpose: '办理社会救助时核验申请人户籍',
    dutyBasis: '《社会救助暂行办法》第十一条',
    dataItems: ['姓名', '身份证号码', '户籍地址'],
    sufficientMode: '比对',
    serviceMode: '比对',
  },
};

export const publicPlatform: FormDefinition = {
  id: 'public-platform',
  version: 1,
  title: '公共应用（平台）使用申请',
  description: '申请使用网站生成平台、政务邮件、政务短信等公共应用。',
  schema: formSchema(
    '公共应用（平台）使用申请',
    {
      platform: choice('平台', ['网站生成平台', '政务邮件', '政务短信', '其他']),
      otherPlatform: text('其他平台名称'),
      accounts: list('账号', object('账号', { name: text('使用人', 50), role: choice('角色', ['管理员', '编辑', '审核', '普通用户']) })),
      interfaceAccess: yesNo('需要接口对接'),
      interfaceDescription: longText('接口对接说明'),
    },
    ['otherPlatform', 'interfaceDescription'],
  ),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [
    { kind: 'requiredWhen', field: 'otherPlatform', when: { field: 'platform', in: ['其他'] } },
    { kind: 'requiredWhen', field: 'interfaceDescription', when: { field: 'interfaceAccess', in: [true] } },
  ],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    platform: '政务短信',
    accounts: [{ name: '李四', role: '管理员' }],
    interfaceAccess: false,
  },
};
