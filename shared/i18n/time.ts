import type { Locale } from '../model/settings.ts';

/**
 * Times as the user reads them: this computer's time zone, in the user's language, never an ISO
 * string. English uses day-month-year with the month's name (en-GB), which no reader takes for
 * month-day-year.
 */
const INTL_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false };

function format(locale: Locale, time: string | Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], options).format(typeof time === 'string' ? new Date(time) : time);
}

/** 2026年12月2日 20:02 / 2 December 2026 at 20:02 */
export function formatDateTime(locale: Locale, time: string | Date): string {
  return format(locale, time, { ...DAY, ...CLOCK });
}

/** 2026年12月2日 / 2 December 2026 */
export function formatDay(locale: Locale, time: string | Date): string {
  return format(locale, time, DAY);
}

/** 20:02 */
export function formatClock(locale: Locale, time: string | Date): string {
  return format(locale, time, CLOCK);
}

/** 2026年12月 / December 2026: a month of a chart's axis. */
export function formatMonth(locale: Locale, time: string | Date): string {
  return format(locale, time, { year: 'numeric', month: 'long' });
}
