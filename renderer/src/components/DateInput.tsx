import { useEffect, useId, useState } from 'react';
import { formatCalendarDay, parseCalendarDay } from '../../../shared/i18n/time.ts';
import { useT } from '../i18n.tsx';

interface Props {
  id?: string;
  name: string;
  /** The day held, YYYY-MM-DD, or '' for none. */
  value: string;
  /** The day typed, YYYY-MM-DD, once it is one; '' while the field is empty or not yet a day. */
  onChange: (day: string) => void;
  disabled?: boolean;
  onBlur?: () => void;
  onFocus?: () => void;
}

/**
 * A day typed in the app's own field, read back in the user's language (2026年12月24日 / 24 Dec 2026).
 * The browser's date input shows its own system's order (mm/dd/yyyy) whatever the app's language.
 */
export function DateInput({ id, name, value, onChange, disabled = false, onBlur, onFocus }: Props) {
  const { t, locale } = useT();
  const readoutId = useId();
  const [typed, setTyped] = useState(value);
  // A day set from outside (a filter cleared, a draft loaded) replaces what was typed.
  useEffect(() => setTyped((current) => ((parseCalendarDay(current) ?? '') === value ? current : value)), [value]);
  const day = parseCalendarDay(typed);
  const unreadable = typed.trim() !== '' && day === null;
  return (
    <span className="date-input">
      <input
        id={id}
        type="text"
        name={name}
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('date.placeholder')}
        aria-describedby={readoutId}
        aria-invalid={unreadable}
        disabled={disabled}
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          onChange(parseCalendarDay(e.target.value) ?? '');
        }}
        onBlur={onBlur}
        onFocus={onFocus}
      />
      <span id={readoutId} aria-hidden="true" className={unreadable ? 'date-readout error' : 'date-readout'} data-testid="date-readout">
        {day !== null ? formatCalendarDay(locale, day) : unreadable ? t('date.unreadable') : ''}
      </span>
    </span>
  );
}
