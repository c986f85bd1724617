import type { WidgetProps } from '@rjsf/utils';
import { DateInput } from '../../../components/DateInput.tsx';

/** A form's day (format: date) in the app's own field instead of the browser's mm/dd/yyyy. */
export function CalendarDayWidget(props: WidgetProps) {
  return (
    <DateInput
      id={props.id}
      name={props.name}
      value={typeof props.value === 'string' ? props.value : ''}
      disabled={props.disabled || props.readonly}
      onChange={(day) => props.onChange(day === '' ? undefined : day)}
      onBlur={() => props.onBlur(props.id, props.value)}
      onFocus={() => props.onFocus(props.id, props.value)}
    />
  );
}
