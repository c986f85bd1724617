import type { Locale } from '../model/settings.ts';
import { isMessageKey, translate } from './index.ts';

/** A key usage or extended key usage in words (数字签名, 客户端身份验证); one without a name (an OID) as it is. */
export function describeUsage(locale: Locale, name: string): string {
  const key = `certs.usage.${name}`;
  return isMessageKey(key) ? translate(locale, key) : name;
}

/** A certificate's usages in words, in the language's list style; `none` when it names none. */
export function describeUsages(locale: Locale, names: readonly string[], none: string): string {
  return names.length === 0 ? none : names.map((name) => describeUsage(locale, name)).join(locale === 'zh-CN' ? '、' : ', ');
}
