import { createContext, useContext } from 'react';
import { errorMessage, translate, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import { formatClock, formatDateTime, formatDay } from '../../shared/i18n/time.ts';
import { toWireError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/model/settings.ts';

export const LocaleContext = createContext<Locale>('zh-CN');

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  /** The catalog message for anything thrown: typed errors by code, anything else as INTERNAL. */
  error(error: unknown): string;
  /** A time in this computer's zone, in the user's language (never an ISO string). */
  dateTime(time: string | Date): string;
  day(time: string | Date): string;
  clock(time: string | Date): string;
}

export function useT(): Translator {
  const locale = useContext(LocaleContext);
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    error: (error) => errorMessage(locale, toWireError(error)),
    dateTime: (time) => formatDateTime(locale, time),
    day: (time) => formatDay(locale, time),
    clock: (time) => formatClock(locale, time),
  };
}
