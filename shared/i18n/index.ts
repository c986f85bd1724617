import type { ErrorCode, WireError } from '../errors.ts';
import type { Locale } from '../model/settings.ts';
import { en } from './en.ts';
import { formatDateTime } from './time.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';

export type { MessageKey };

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type MessageParams = Readonly<Record<string, string | number | null>>;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** Error parameters that are themselves codes, shown through their own catalog entries. */
const CODED_PARAMS: Partial<Record<ErrorCode, { param: string; prefix: string }>> = {
  CENTER_REJECTED: { param: 'reason', prefix: 'center.reason.' },
  ENROLMENT_CODE_INVALID: { param: 'problem', prefix: 'enrolmentProblem.' },
  CENTER_RESPONSE_UNTRUSTED: { param: 'reason', prefix: 'center.reason.' },
  UNLOCK_REQUEST_INVALID: { param: 'problem', prefix: 'unlockProblem.' },
  PDF_REPAIR_NEEDED: { param: 'damage', prefix: 'pdf.damage.' },
  PDF_DAMAGED_SIGNED: { param: 'damage', prefix: 'pdf.damage.' },
};

/** Error parameters that are times (ISO on the wire), shown in the reader's local form. */
const TIME_PARAMS: Partial<Record<ErrorCode, readonly string[]>> = {
  CUSTODY_ALREADY_DELEGATED: ['until'],
  CUSTODY_OUTSIDE_PERIOD: ['from', 'until'],
  CUSTODY_RETURNED: ['returnedAt'],
  CUSTODY_STAND_IN_ABSENT: ['until'],
};

/**
 * The message that has room for what the center added: its detail on a refusal, or the code's own
 * problem on an enrolment code (the plain message would say only that the code did not work), or
 * what is damaged in a PDF that must be repaired first.
 */
function detailedMessage(error: WireError): MessageKey {
  if (error.code === 'CENTER_REJECTED' && typeof error.params['detail'] === 'string') return 'error.CENTER_REJECTED.detail';
  if (error.code === 'ENROLMENT_CODE_INVALID') return 'error.ENROLMENT_CODE_INVALID.problem';
  if (error.code === 'PDF_REPAIR_NEEDED' || error.code === 'PDF_DAMAGED_SIGNED') return `error.${error.code}.damage`;
  return `error.${error.code}`;
}

/** The user-facing message for a typed error; PIN_INCORRECT names the remaining tries when the token reports them. */
export function errorMessage(locale: Locale, error: WireError): string {
  const tries = error.params['remainingTries'];
  if (error.code === 'PIN_INCORRECT' && typeof tries === 'number') {
    return translate(locale, 'error.PIN_INCORRECT.tries', error.params);
  }
  const coded = CODED_PARAMS[error.code];
  const key = coded === undefined ? null : `${coded.prefix}${String(error.params[coded.param])}`;
  if (coded !== undefined && key !== null && isMessageKey(key)) {
    return translate(locale, detailedMessage(error), { ...error.params, [coded.param]: translate(locale, key, error.params) });
  }
  const times = TIME_PARAMS[error.code] ?? [];
  const params = Object.fromEntries(
    Object.entries(error.params).map(([name, value]) => [
      name,
      times.includes(name) && typeof value === 'string' ? formatDateTime(locale, value) : value,
    ]),
  );
  return translate(locale, `error.${error.code}`, params);
}
