import { COMMON_EXAMPLE, COMMON_ORDER, formSchema } from '../common.ts';
import { choice, date, document, formatted, list, longText, object, text } from '../fields.ts';
import type { FormDefinition } from '../types.ts';

const person = (title: string) =>
  object(title, { name: text('姓名', 50), title: text('职务', 50), phone: formatted('联系电话', 'cn-phone') });

export const networkAccess: FormDefinition = {
  id: 'network-access',
  version: 1,
  title: '政务外网接入申请',
  description: '新接入、迁移或改造接入电子政务外网。需附网络拓扑图、安全测评报告和加盖单位公章的安全承诺书。',
  schema: formSchema('政务外网接入申请', {
    accessType: choice('接入类型', ['新接入', '迁移', '改造']),
    location: text('接入地点', 300),
    bandwidthMbps: { type: 'integer', title: '申请带宽 (Mbps)', minimum: 1, maximum: 100000 },
    topology: document('网络拓扑图'),
    securityReportType: choice('安全测评报告类型', ['等级测评报告', '专项检测报告']),
    securityReport: document('安全测评报告', 50),
    securityCommitment: document('安全承诺书（加盖单位公章）'),
    responsibleLeader: person('分管负责人'),
    networkAdmin: person('网络管理员'),
  }),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [],
  needsUnitSeal: true,
  example: {
    ...COMMON_EXAMPLE,
    accessType: '新接入',
    location: '示例市政务服务中心三楼机房',
    bandwidthMbps: 100,
    topology: { name: 'topology.png' },
    securityReportType: '等级测评报告',
    securityReport: { name: 'assessment.pdf' },
    securityCommitment: { name: 'commitment.pdf' },
    responsibleLeader: { name: '王五', title: '副局长', phone: '13812345678' },
    networkAdmin: { name: '赵六', title: '网络管理员', phone: '13912345678' },
  },
};

export const ipAllocation: FormDefinition = {
  id: 'ip-allocation',
  version: 1,
  title: 'IP 地址分配申请',
  description: '申请电子政务外网 IPv4/IPv6 地址段（CIDR 表示）。',
  schema: formSchema('IP 地址分配申请', {
    networks: list('申请的地址段', formatted('地址段 (CIDR，如 10.12.8.0/24 或 2001:db8::/48)', 'cidr'), 1, 50),
    purpose: longText('用途'),
    devices: list(
      '使用设备',
      object('设备', { name: text('设备名称'), quantity: { type: 'integer', title: '数量', minimum: 1, maximum: 10000 } }),
    ),
  }),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    networks: ['10.12.8.0/24', '2001:db8:10::/48'],
    purpose: '政务服务大厅终端接入',
    devices: [{ name: '办公终端', quantity: 120 }],
  },
};

export const portChange: FormDefinition = {
  id: 'port-change',
  version: 1,
  title: '服务器端口开放/关闭申请',
  description: '开放或关闭服务器端口。端口可填单个、范围或列表，如 443, 8000-8080。',
  schema: formSchema('服务器端口开放/关闭申请', {
    action: choice('操作', ['开放', '关闭']),
    serverAddress: formatted('服务器地址', 'ip'),
    ports: formatted('端口', 'port-list'),
    protocol: choice('协议', ['TCP', 'UDP', 'TCP+UDP']),
    direction: choice('方向', ['入站', '出站', '双向']),
    purpose: longText('用途'),
    from: date('开始日期'),
    to: date('结束日期'),
  }),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [],
  needsUnitSeal: false,
  example: {
    ...COMMON_EXAMPLE,
    action: '开放',
    serverAddress: '10.12.8.20',
    ports: '443, 8443-8445',
    protocol: 'TCP',
    direction: '入站',
    purpose: '网上办事系统对外服务',
    from: '2026-12-01',
    to: '2027-11-30',
  },
};

export const frontEndChange: FormDefinition = {
  id: 'front-end-change',
  version: 1,
  title: '前置机变更申请',
  description: '数据共享前置机的地址、配置或位置变更。须至少提前 5 个工作日提出。',
  schema: formSchema('前置机变更申请', {
    machineAddress: formatted('前置机地址', 'ip'),
    change: longText('变更内容'),
    effectiveDate: date('计划变更日期'),
  }),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [{ kind: 'notice', dateField: 'effectiveDate', workingDays: 5 }],
  needsUnitSeal: false,
  example: { ...COMMON_EXAMPLE, machineAddress: '10.12.8.30', change: '更换为新服务器，地址不变', effectiveDate: '2026-12-07' },
};
