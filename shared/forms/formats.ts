import { isValidCreditCode } from '../validation/credit-code.ts';
import { idCardProblem } from '../validation/id-card.ts';
import { cidrProblem, isIPv4, isIPv6, isPortList } from '../validation/network.ts';
import { isValidPhone } from '../validation/phone.ts';
import type { FieldFormat } from './types.ts';

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Each format's check: null when valid, else a short reason code the messages can name. */
export const FORMAT_CHECKS: Readonly<Record<FieldFormat, (value: string) => string | null>> = {
  date: (v) => (isRealDate(v) ? null : 'invalid'),
  'credit-code': (v) => (isValidCreditCode(v.toUpperCase()) ? null : 'invalid'),
  'cn-id': (v) => idCardProblem(v),
  'cn-phone': (v) => (isValidPhone(v) ? null : 'invalid'),
  ip: (v) => (isIPv4(v) || isIPv6(v) ? null : 'invalid'),
  cidr: (v) => cidrProblem(v),
  'port-list': (v) => (isPortList(v) ? null : 'invalid'),
  'region-code': (v) => (/^[1-8]\d{5}$/.test(v) ? null : 'invalid'),
  email: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'invalid'),
};
