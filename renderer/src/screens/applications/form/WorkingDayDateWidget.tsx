import type { WidgetProps } from '@rjsf/utils';
import { formatCalendarDay, todayAsCalendarDay } from '../../../../../shared/i18n/time.ts';
import { useT } from '../../../i18n.tsx';
import { CalendarDayWidget } from './CalendarDayWidget.tsx';
import { useCatalog } from '../catalog.tsx';

/** A date that must be some working days ahead: the earliest allowed day is shown, counted with the calendar the resource center publishes. */
export function WorkingDayDateWidget(props: WidgetProps) {
  const { t, locale } = useT();
  const { calendar } = useCatalog();
  const workingDays = Number(props.options['workingDays'] ?? 0);
  const today = todayAsCalendarDay();
  const earliest = calendar.addWorkingDays(today, workingDays);
  return (
    <>
      <CalendarDayWidget {...props} />
      <p className="hint" data-testid="notice-hint">
        {t('apps.notice.hint', { days: workingDays, earliest: formatCalendarDay(locale, earliest.date) })}
        {earliest.provisional && t('forms.provisional', { year: earliest.date.slice(0, 4) })}
      </p>
    </>
  );
}
