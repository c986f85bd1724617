import type { WorkingDayCalendar } from '../calendar/index.ts';
import type { FieldError } from './errors.ts';
import { titleAt, valueAt } from './paths.ts';
import type { FormDefinition, FormRule } from './types.ts';

const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

function applies(rule: { when?: { field: string; in: readonly (string | boolean)[] } }, data: unknown): boolean {
  return rule.when === undefined || rule.when.in.includes(valueAt(data, rule.when.field) as string | boolean);
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** One rule's findings; the form's schema has already judged each field on its own. */
function check(rule: FormRule, form: FormDefinition, data: unknown, calendar: WorkingDayCalendar): FieldError[] {
  const error = (path: string, code: FieldError['code'], params: FieldError['params'] = {}): FieldError[] => [
    { path, field: titleAt(form.schema, path), code, params },
  ];
  switch (rule.kind) {
    case 'requiredWhen':
      return applies(rule, data) && isEmpty(valueAt(data, rule.field)) ? error(rule.field, 'required') : [];
    case 'notice': {
      const [applied, effective] = [valueAt(data, 'applicationDate'), valueAt(data, rule.dateField)];
      if (!applies(rule, data) || !isDate(applied) || !isDate(effective)) return [];
      const earliest = calendar.addWorkingDays(applied, rule.workingDays);
      return effective < earliest.date
        ? error(rule.dateField, 'notice', { days: rule.workingDays, earliest: earliest.date, provisional: earliest.provisional })
        : [];
    }
    case 'maxSpanMonths': {
      const [from, to] = [valueAt(data, rule.fromField), valueAt(data, rule.toField)];
      if (!applies(rule, data) || !isDate(from) || !isDate(to)) return [];
      return to > addMonths(from, rule.months)
        ? error(rule.toField, 'maxSpan', { months: rule.months, latest: addMonths(from, rule.months) })
        : [];
    }
    case 'minimalAuthorisation': {
      const [mode, sufficient] = [valueAt(data, rule.modeField), valueAt(data, rule.sufficientField)];
      const broader = rule.order.indexOf(String(mode)) > rule.order.indexOf(String(sufficient));
      return broader && isEmpty(valueAt(data, rule.justificationField))
        ? error(rule.justificationField, 'broaderThanNeeded', { mode: String(mode), sufficient: String(sufficient) })
        : [];
    }
    case 'forbiddenValue':
      return valueAt(data, rule.field) === rule.value ? error(rule.field, rule.message) : [];
  }
}

/** The cross-field rules of a form: notice periods in working days, conditional fields, minimal authorisation. */
export function checkRules(form: FormDefinition, data: unknown, calendar: WorkingDayCalendar): FieldError[] {
  return form.rules.flatMap((rule) => check(rule, form, data, calendar));
}
