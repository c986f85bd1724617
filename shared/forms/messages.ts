import { isMessageKey, translate, type MessageKey } from '../i18n/index.ts';
import { formatCalendarDay } from '../i18n/time.ts';
import type { Locale } from '../model/settings.ts';
import type { FieldError } from './errors.ts';

/** The message for one field problem: the most specific catalog entry (format and reason), plus a provisional-calendar note. */
export function describeFieldError(locale: Locale, error: FieldError): string {
  const params = { ...error.params, field: error.field } as Record<string, string | number>;
  // Days a rule names (最早为, 最晚为) read as the rest of the app's dates do, never YYYY-MM-DD.
  for (const day of ['earliest', 'latest']) if (typeof params[day] === 'string') params[day] = formatCalendarDay(locale, params[day]);
  const candidates =
    error.code === 'format'
      ? [`forms.format.${error.params['format']}.${error.params['reason']}`, `forms.format.${error.params['format']}`]
      : [];
  const key = [...candidates, `forms.error.${error.code}`].find(isMessageKey) as MessageKey;
  const message = translate(locale, key, params);
  if (error.params['provisional'] !== true) return message;
  return `${message}${translate(locale, 'forms.provisional', { year: String(error.params['earliest']).slice(0, 4) })}`;
}
