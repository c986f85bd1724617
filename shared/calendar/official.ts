import published from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarData } from './working-days.ts';

/**
 * The calendar shipped with the app, from the maintained `chinese-days` package (rebuilt from each
 * year's State Council notice). The resource center can send a newer one; see README.
 */
export const OFFICIAL_CALENDAR: CalendarData = {
  source: 'chinese-days',
  holidays: Object.keys(published.holidays),
  workdays: Object.keys(published.workdays),
};
