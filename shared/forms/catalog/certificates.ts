import { COMMON_EXAMPLE, COMMON_ORDER, formSchema } from '../common.ts';
import { attachment, choice, document, formatted, longText, object, text } from '../fields.ts';
import type { FormDefinition } from '../types.ts';

/** The regulation's reasons for revoking or changing a certificate. */
export const REVOCATION_REASONS = ['私钥泄露', '密码遗失', '证书信息变更', '持有人离职', '持有人调岗', '持有人权限变更'];

export const certificateRequest: FormDefinition = {
  id: 'certificate',
  version: 1,
  title: '政务数字证书申请',
  description: '新办、更新（续期）、撤销或变更政务数字证书。新办须附签字的使用承诺书。',
  schema: formSchema(
    '政务数字证书申请',
    {
      requestType: choice('申请类型', ['新办', '更新', '撤销', '变更']),
      certificateType: choice('证书类型', ['单位证书', '个人证书', '设备证书']),
      holderName: text('持有人/设备名称'),
      holderIdNumber: formatted('持有人身份证号码（个人证书）', 'cn-id'),
      holderPhone: formatted('持有人联系电话', 'cn-phone'),
      use: longText('证书用途'),
      certificateSerial: text('原证书序列号（更新、撤销、变更时填写）', 80),
      reason: choice('撤销/变更原因', REVOCATION_REASONS),
      useCommitment: document('使用承诺书'),
    },
    ['holderIdNumber', 'certificateSerial', 'reason', 'useCommitment'],
  ),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [
    { kind: 'requiredWhen', field: 'holderIdNumber', when: { field: 'certificateType', in: ['个人证书'] } },
    { kind: 'requiredWhen', field: 'certificateSerial', when: { field: 'requestType', in: ['更新', '撤销', '变更'] } },
    { kind: 'requiredWhen', field: 'reason', when: { field: 'requestType', in: ['撤销', '变更'] } },
    { kind: 'requiredWhen', field: 'useCommitment', when: { field: 'requestType', in: ['新办'] } },
  ],
  needsUnitSeal: true,
  example: {
    ...COMMON_EXAMPLE,
    requestType: '新办',
    certificateType: '个人证书',
    holderName: '张三',
    holderIdNumber: '11010519491231002X',
    holderPhone: '13812345678',
    use: '公文签发与电子印章签发',
    useCommitment: { name: 'use-commitment.pdf' },
  },
};

const scan = (title: string) => attachment(title, { types: ['png', 'jpg', 'jpeg', 'tif', 'tiff'], maxMb: 20, minDpi: 300 });

export const sealCreation: FormDefinition = {
  id: 'seal-creation',
  version: 1,
  title: '电子印章制作申请（含印模采集表）',
  description: '申请制作电子印章。需附两份实物印章印模扫描件（不低于 300 dpi）和统一社会信用代码证书。',
  schema: formSchema('电子印章制作申请', {
    sealName: text('印章名称'),
    purpose: choice('印章用途', ['单位公章', '业务专用章', '合同专用章', '财务专用章', '其他']),
    diameterCm: { type: 'number', title: '印章直径 (cm)', minimum: 3, maximum: 6 },
    impressionScan1: scan('印模扫描件一'),
    impressionScan2: scan('印模扫描件二'),
    legalRepresentative: object('法定代表人', { name: text('姓名', 50), idNumber: formatted('身份证号码', 'cn-id') }),
    custodian: object('印章专管人员', {
      name: text('姓名', 50),
      idNumber: formatted('身份证号码', 'cn-id'),
      phone: formatted('联系电话', 'cn-phone'),
    }),
    creditCertificate: document('统一社会信用代码证书'),
  }),
  uiSchema: { 'ui:order': [...COMMON_ORDER, '*'] },
  rules: [],
  needsUnitSeal: true,
  example: {
    ...COMMON_EXAMPLE,
    sealName: '示例市大数据管理局',
    purpose: '单位公章',
    diameterCm: 4.2,
    impressionScan1: { name: 'scan-1.png' },
    impressionScan2: { name: 'scan-2.png' },
    legalRepresentative: { name: '王五', idNumber: '11010519491231002X' },
    custodian: { name: '李四', idNumber: '11010519491231002X', phone: '13812345678' },
    creditCertificate: { name: 'credit-certificate.pdf' },
  },
};
