import { useState } from 'react';
import { parseClock } from '../../../shared/i18n/time.ts';
import { useT } from '../i18n.tsx';
import { DateInput } from './DateInput.tsx';

/**
 * A moment typed as a day and a time of day in the app's own fields, instead of the browser's
 * datetime-local (mm/dd/yyyy, --:-- AM/PM in the system's language). `onChange` gets YYYY-MM-DDTHH:mm
 * (read in this computer's zone, as datetime-local's value) once both are typed, '' until then.
 */
export function DateTimeInput({ name, onChange }: { name: string; onChange: (moment: string) => void }) {
  const { t } = useT();
  const [day, setDay] = useState('');
  const [clock, setClock] = useState('');
  const emit = (nextDay: string, nextClock: string): void => {
    const time = parseClock(nextClock);
    onChange(nextDay !== '' && time !== null ? `${nextDay}T${time}` : '');
  };
  const unreadable = clock.trim() !== '' && parseClock(clock) === null;
  return (
    <span className="date-time-input">
      <DateInput
        name={`${name}Day`}
        value={day}
        onChange={(next) => {
          setDay(next);
          emit(next, clock);
        }}
      />
      <input
        type="text"
        name={`${name}Clock`}
        inputMode="numeric"
        autoComplete="off"
        aria-label={t('date.clock')}
        aria-invalid={unreadable}
        placeholder={t('date.clockPlaceholder')}
        value={clock}
        onChange={(e) => {
          setClock(e.target.value);
          emit(day, e.target.value);
        }}
      />
    </span>
  );
}
