import { AUDIT_KINDS, AuditKindSchema, type AuditEntry, type AuditFilter } from '../../../../shared/model/audit.ts';
import { DateInput } from '../../components/DateInput.tsx';
import { useT } from '../../i18n.tsx';

interface Props {
  entries: readonly AuditEntry[];
  filter: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}

/** Period, seal, operator, approver, kind, and a search on document names; each choice lists what the ledger holds. */
export function AuditFilters({ entries, filter, onChange }: Props) {
  const { t } = useT();
  const set = (patch: AuditFilter): void => onChange({ ...filter, ...patch });
  const distinct = (values: (string | null | undefined)[]): string[] =>
    [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const subjects = distinct(entries.map((e) => e.record.subject?.label));
  const operators = distinct(entries.map((e) => e.record.operator));
  const approvers = distinct(entries.map((e) => e.record.approver));
  const all = t('audit.filter.all');
  return (
    <form className="audit-filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('audit.filter.from')}
        <DateInput name="from" value={filter.from ?? ''} onChange={(day) => set({ from: day || undefined })} />
      </label>
      <label>
        {t('audit.filter.to')}
        <DateInput name="to" value={filter.to ?? ''} onChange={(day) => set({ to: day || undefined })} />
      </label>
      <Choice
        label={t('audit.filter.seal')}
        name="seal"
        all={all}
        options={subjects}
        value={filter.seal}
        onChange={(seal) => set({ seal })}
      />
      <Choice
        label={t('audit.filter.operator')}
        name="operator"
        all={all}
        options={operators}
        value={filter.operator}
        onChange={(operator) => set({ operator })}
      />
      <Choice
        label={t('audit.filter.approver')}
        name="approver"
        all={all}
        options={approvers}
        value={filter.approver}
        onChange={(approver) => set({ approver })}
      />
      <label>
        {t('audit.filter.kind')}
        <select name="kind" value={filter.kind ?? ''} onChange={(e) => set({ kind: AuditKindSchema.safeParse(e.target.value).data })}>
          <option value="">{all}</option>
          {AUDIT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`audit.kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit.filter.search')}
        <input type="search" name="search" value={filter.search ?? ''} onChange={(e) => set({ search: e.target.value || undefined })} />
      </label>
    </form>
  );
}

function Choice(props: {
  label: string;
  name: string;
  all: string;
  options: string[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">{props.all}</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
