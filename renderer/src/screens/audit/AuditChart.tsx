import type { AuditEntry } from '../../../../shared/model/audit.ts';
import { formatMonth } from '../../../../shared/i18n/time.ts';
import { useT } from '../../i18n.tsx';

const COLOURS = ['#b3261e', '#1f6feb', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
const BAR = 16;
const GAP = 10;
const HEIGHT = 140;
const LABEL = 28;
/** Wide enough for a month's name under its bars (2026年10月, September 2026). */
const MIN_GROUP = 100;

interface Month {
  key: string;
  /** The month's first day, for its label. */
  start: Date;
  uses: Map<string, number>;
}

/** Seal uses per month (local), one bar per seal in each month. */
function usesPerMonth(entries: readonly AuditEntry[]): { months: Month[]; seals: string[] } {
  const months = new Map<string, Month>();
  const seals = new Set<string>();
  for (const { record } of entries) {
    if (record.kind !== 'seal' || record.subject === null) continue;
    const time = new Date(record.time);
    const key = `${time.getFullYear()}-${String(time.getMonth() + 1).padStart(2, '0')}`;
    const month = months.get(key) ?? { key, start: new Date(time.getFullYear(), time.getMonth(), 1), uses: new Map() };
    month.uses.set(record.subject.label, (month.uses.get(record.subject.label) ?? 0) + 1);
    months.set(key, month);
    seals.add(record.subject.label);
  }
  return { months: [...months.values()].sort((a, b) => a.key.localeCompare(b.key)), seals: [...seals].sort() };
}

/** A plain SVG bar chart: people would rather look than read. */
export function AuditChart({ entries }: { entries: readonly AuditEntry[] }) {
  const { t, locale } = useT();
  const { months, seals } = usesPerMonth(entries);
  if (months.length === 0) return <p className="hint">{t('audit.chartEmpty')}</p>;
  const most = Math.max(...months.flatMap((m) => [...m.uses.values()]));
  const groupWidth = Math.max(seals.length * BAR + GAP * 2, MIN_GROUP);
  const width = Math.max(groupWidth * months.length, 200);
  return (
    <figure className="audit-chart">
      <figcaption>{t('audit.chart')}</figcaption>
      <svg role="img" aria-label={t('audit.chart')} width={width} height={HEIGHT + LABEL} viewBox={`0 0 ${width} ${HEIGHT + LABEL}`}>
        <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} stroke="#8c959f" />
        {months.map((month, m) => (
          <g key={month.key} transform={`translate(${m * groupWidth + (groupWidth - seals.length * BAR) / 2},0)`}>
            {seals.map((seal, s) => {
              const uses = month.uses.get(seal) ?? 0;
              const height = (uses / most) * (HEIGHT - 18);
              return (
                <g key={seal}>
                  <rect x={s * BAR} y={HEIGHT - height} width={BAR - 2} height={height} fill={COLOURS[s % COLOURS.length]}>
                    <title>{`${formatMonth(locale, month.start)} ${seal}: ${uses}`}</title>
                  </rect>
                  {uses > 0 && (
                    <text x={s * BAR + (BAR - 2) / 2} y={HEIGHT - height - 4} textAnchor="middle" fontSize="11">
                      {uses}
                    </text>
                  )}
                </g>
              );
            })}
            <text x={(seals.length * BAR) / 2} y={HEIGHT + 18} textAnchor="middle" fontSize="12">
              {formatMonth(locale, month.start)}
            </text>
          </g>
        ))}
      </svg>
      <ul className="audit-legend">
        {seals.map((seal, s) => (
          <li key={seal}>
            <span className="audit-swatch" style={{ background: COLOURS[s % COLOURS.length] }} /> {seal}
          </li>
        ))}
      </ul>
    </figure>
  );
}
