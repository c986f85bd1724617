import { COMMON_EXAMPLE, COMMON_ORDER, formSchema } from '../common.ts';
import { choice, date, document, integer, list, longText, object, text } from '../fields.ts';
import type { FormDefinition } from '../types.ts';

export const idcHosting: FormDefinition = {
  id: 'idc-hosting',
  version: 1,
  title: 'IDC 机房设备托管申请',
  description: '设备托管入驻、移出或变更。需附安全检测报告。',
  schema: formSchema(
    'IDC 机房设备托管申请',
    {
      action: choice('申请类型', ['托管入驻', '移出', '变更']),
      equipment: list(
        '设备清单',
        object('设备', {
          model: text('品牌型号'),
          uHeight: integer('高度 (U)', 1, 48),
          powerW: integer('额定功率 (W)', 1, 20000),
          quantity: integer('数量', 1, 100),
        }),
      ),
      securityTestReport: document('安全检测报告', 50),
      moveDate: date('进场/移出日期'),
    },
    ['securityTestReport'],
  ),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [{ kind: 'requiredWhen', field: 'securityTestReport', when: { field: 'action', in: ['托管入驻', '变更'] } }],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    action: '托管入驻',
    equipment: [{ model: '华为 FusionServer 2288H V6', uHeight: 2, powerW: 900, quantity: 2 }],
    securityTestReport: { name: 'security-test.pdf' },
    moveDate: '2026-12-15',
  },
};

const BACKUP_SERVICES = ['存储介质保管', '场地容灾', '集中存储空间', '集中数据备份', '应急备机', '应用级容灾'];
const BACKUP_BASES = ['等保三级及以上', '7×24 小时对外服务', '其他重要信息系统'];

export const disasterRecovery: FormDefinition = {
  id: 'disaster-recovery',
  version: 1,
  title: '容灾备份业务申请',
  description: '申请、变更或停止容灾备份服务。变更、停止须提前 15 个工作日；应急备机最长使用 3 个月。',
  schema: formSchema(
    '容灾备份业务申请',
    {
      action: choice('申请类型', ['新申请', '变更', '停止']),
      service: choice('服务内容', BACKUP_SERVICES),
      system: text('信息系统名称'),
      basis: choice('申请依据', BACKUP_BASES),
      basisExplanation: longText('依据说明（选“其他重要信息系统”时必填）'),
      capacityGb: integer('容量 (GB)', 1, 10_000_000),
      from: date('开始日期'),
      to: date('结束日期'),
    },
    ['basisExplanation', 'capacityGb', 'to'],
  ),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [
    { kind: 'requiredWhen', field: 'basisExplanation', when: { field: 'basis', in: ['其他重要信息系统'] } },
    { kind: 'requiredWhen', field: 'to', when: { field: 'service', in: ['应急备机'] } },
    { kind: 'maxSpanMonths', fromField: 'from', toField: 'to', months: 3, when: { field: 'service', in: ['应急备机'] } },
    { kind: 'notice', dateField: 'from', workingDays: 15, when: { field: 'action', in: ['变更', '停止'] } },
  ],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    action: '新申请',
    service: '集中数据备份',
    system: '示例市网上办事大厅',
    basis: '等保三级及以上',
    capacityGb: 2048,
    from: '2026-12-01',
  },
};
