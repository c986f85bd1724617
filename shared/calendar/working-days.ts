import { z } from 'zod';

/**
 * The official holiday and adjusted-workday (调休) calendar as data: the State Council publishes each
 * year's schedule late in the year before, so the data says which years it covers, and anything
 * outside them is answered by the weekend rule and flagged provisional rather than silently trusted.
 */
export const CalendarDataSchema = z.object({
  source: z.string(),
  /** Days off that would otherwise be working days (法定节假日 and bridged days). */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  /** Weekend days that are working days (调休上班). */
  workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
});
export type CalendarData = z.infer<typeof CalendarDataSchema>;

export interface WorkingDayAnswer {
  date: string;
  /** Some day involved lies outside the years the calendar covers; weekends were assumed. */
  provisional: boolean;
}

const DAY_MS = 86_400_000;

function toDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export class WorkingDayCalendar {
  readonly #holidays: ReadonlySet<string>;
  readonly #workdays: ReadonlySet<string>;
  /** First and last year the data speaks for. */
  readonly coverage: { from: number; to: number };

  constructor(readonly data: CalendarData) {
    this.#holidays = new Set(data.holidays);
    this.#workdays = new Set(data.workdays);
    const years = data.holidays.map((d) => Number(d.slice(0, 4)));
    this.coverage = { from: Math.min(...years), to: Math.max(...years) };
  }

  covers(date: string): boolean {
    const year = Number(date.slice(0, 4));
    return year >= this.coverage.from && year <= this.coverage.to;
  }

  isWorkingDay(date: string): boolean {
    if (this.#workdays.has(date)) return true;
    if (this.#holidays.has(date)) return false;
    const weekday = new Date(toDay(date) * DAY_MS).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The `count`-th working day after `date` (提前 N 个工作日: the change may take effect on or after it). */
  addWorkingDays(date: string, count: number): WorkingDayAnswer {
    let day = toDay(date);
    let provisional = !this.covers(date);
    for (let found = 0; found < count;) {
      day += 1;
      const current = fromDay(day);
      provisional ||= !this.covers(current);
      if (this.isWorkingDay(current)) found += 1;
    }
    return { date: fromDay(day), provisional };
  }
}
