import { date, formatted, object, text } from './fields.ts';
import type { JsonSchema } from './types.ts';

/** Every application names the applying unit, the handling person (经办人) and the date. */
export const COMMON_FIELDS: Record<string, JsonSchema> = {
  applicant: object('申请单位', {
    name: text('单位名称'),
    creditCode: formatted('统一社会信用代码', 'credit-code'),
    regionCode: formatted('行政区划代码', 'region-code'),
    address: text('单位地址', 300),
  }),
  handler: object('经办人', {
    name: text('姓名', 50),
    idNumber: formatted('居民身份证号码', 'cn-id'),
    title: text('职务', 50),
    phone: formatted('联系电话', 'cn-phone'),
  }),
  applicationDate: date('申请日期'),
};

export const COMMON_ORDER = ['applicant', 'handler', 'applicationDate'];

export const COMMON_EXAMPLE = {
  applicant: { name: '示例市大数据管理局', creditCode: '11350100MB00000012', regionCode: '350100', address: '示例市鼓楼区政务路 1 号' },
  handler: { name: '李四', idNumber: '11010519491231002X', title: '信息科科员', phone: '0591-87654321' },
  applicationDate: '2026-11-20',
};

/** Builds a form's object schema: the common fields first, then its own. */
export function formSchema(title: string, own: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return object(title, { ...COMMON_FIELDS, ...own }, optional);
}
