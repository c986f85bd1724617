export { CalendarDataSchema, WorkingDayCalendar, type CalendarData, type WorkingDayAnswer } from './working-days.ts';
export { OFFICIAL_CALENDAR } from './official.ts';
