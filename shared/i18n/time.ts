import type { Locale } from '../model/settings.ts';
import { daysLeft } from '../model/certificate-status.ts';
import { translate } from './index.ts';

/**
 * Times as the user reads them: this computer's time zone, in the user's language, never an ISO
 * string. English uses day-month-year with the month's short name (en-GB), which no reader takes for
 * month-day-year: 2 Dec 2026, 20:02.
 */
const INTL_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false };

/** Formatters are costly to make and a report formats thousands of times: one per locale and style, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, time: string | Date, options: Intl.DateTimeFormatOptions): string {
  const key = `${locale} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
    formatters.set(key, formatter);
  }
  return formatter.format(typeof time === 'string' ? new Date(time) : time);
}

/** 2026年12月2日 20:02 / 2 Dec 2026, 20:02 */
export function formatDateTime(locale: Locale, time: string | Date): string {
  return format(locale, time, { ...DAY, ...CLOCK });
}

/** 2026年12月2日 / 2 Dec 2026 */
export function formatDay(locale: Locale, time: string | Date): string {
  return format(locale, time, DAY);
}

/**
 * A calendar day as a form or the working-day calendar writes it (YYYY-MM-DD), read as that day here
 * rather than as midnight UTC: 2026年12月7日 / 7 Dec 2026. Anything else is returned as it is.
 */
export function formatCalendarDay(locale: Locale, day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return day;
  return formatDay(locale, new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/**
 * A day as a person types it into a date field (2026-12-24, 2026/12/24, 2026.12.24, 2026年12月24日,
 * 20261224) as the field holds it, YYYY-MM-DD; null for anything else or a day the calendar lacks (2 月 30 日).
 */
export function parseCalendarDay(typed: string): string | null {
  const match = /^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))$/.exec(typed.trim());
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? match[4]), Number(match[3] ?? match[5])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return todayAsCalendarDay(date);
}

/** A time of day as typed (9:00, 09:00, 9：00) as HH:mm; null for anything else (24:00, 9:60). */
export function parseClock(typed: string): string | null {
  const match = /^(\d{1,2})\s*[:：]\s*(\d{2})$/.exec(typed.trim());
  if (match === null || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

/** Today in this computer's time zone as YYYY-MM-DD, the way a date field holds it. */
export function todayAsCalendarDay(now: Date = new Date()): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** 20:02 */
export function formatClock(locale: Locale, time: string | Date): string {
  return format(locale, time, CLOCK);
}

/**
 * How far away an expiry is, relative, where the date alone makes the reader count: 59 天后到期 /
 * expires in 59 days. Whole days left, as certificate statuses count them (certificate-status.ts), so
 * the sheet, 首页 and 证书 agree about one certificate.
 */
export function formatExpiresIn(locale: Locale, notAfter: string | Date, now: Date = new Date()): string {
  return formatDaysLeft(locale, daysLeft(typeof notAfter === 'string' ? notAfter : notAfter.toISOString(), now));
}

/** The same words for days already counted (a certificate status's `daysLeft`; negative once expired). */
export function formatDaysLeft(locale: Locale, days: number): string {
  if (days > 1) return translate(locale, 'time.expiresIn', { days });
  if (days === 1) return translate(locale, 'time.expiresInOneDay');
  if (days === 0) return translate(locale, 'time.expiresWithinDay');
  return translate(locale, 'time.expired');
}

/** 2026年12月 / December 2026: a month of a chart's axis. */
export function formatMonth(locale: Locale, time: string | Date): string {
  return format(locale, time, { year: 'numeric', month: 'long' });
}

const MINUTE_MS = 60_000;

/** How long ago, where the date alone makes the reader count: 刚刚, 5 分钟前, 3 小时前, 3 天前 / 3 days ago. */
export function formatAgo(locale: Locale, time: string | Date, now: Date = new Date()): string {
  const minutes = Math.floor((now.getTime() - new Date(time).getTime()) / MINUTE_MS);
  if (minutes < 1) return translate(locale, 'time.justNow');
  if (minutes < 60) return translate(locale, 'time.minutesAgo', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return translate(locale, 'time.hoursAgo', { hours });
  const days = Math.floor(hours / 24);
  return translate(locale, days === 1 ? 'time.oneDayAgo' : 'time.daysAgo', { days });
}
