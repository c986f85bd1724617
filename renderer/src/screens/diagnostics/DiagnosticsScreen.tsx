import { isMessageKey, type MessageParams } from '../../../../shared/i18n/index.ts';
import type { Diagnostics } from '../../../../shared/model/diagnostics.ts';
import { useApi } from '../../api/context.tsx';
import { CallState } from '../../components/CallState.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

/** 诊断: the page a help desk asks for, in one screenshot. */
export function DiagnosticsScreen() {
  const api = useApi();
  const { t } = useT();
  const report = useCall(() => api.call('diagnostics.run', {}), []);
  return (
    <section>
      <h2>{t('diag.title')}</h2>
      <p className="hint">{t('diag.hint')}</p>
      <button type="button" onClick={report.reload}>
        {t('diag.refresh')}
      </button>
      <CallState call={report} />
      {report.data !== null && <Report report={report.data} />}
    </section>
  );
}

function Report({ report }: { report: Diagnostics }) {
  const { t, dateTime } = useT();
  const text = (key: string, params: MessageParams): string => (isMessageKey(key) ? t(key, params) : key);
  return (
    <div className="diagnostics">
      <h3>{t('diag.findings')}</h3>
      <ul className="findings">
        {report.findings.length === 0 && <li className="finding finding-ok">{t('diag.ok')}</li>}
        {report.findings.map((finding) => (
          <li key={`${finding.key}-${JSON.stringify(finding.params)}`} className={`finding finding-${finding.severity}`}>
            <strong>{text(finding.key, finding.params)}</strong> {text(`${finding.key}.advice`, finding.params)}
          </li>
        ))}
      </ul>
      <h3>{t('diag.module')}</h3>
      <p className="mono">
        {report.module === null
          ? '—'
          : `${report.module.path} · ${report.module.manufacturer} ${report.module.libraryVersion} · ${report.module.description} · Cryptoki ${report.module.cryptokiVersion}`}
      </p>
      <h3>{t('diag.slots')}</h3>
      <table>
        <tbody>
          {report.slots.map((slot) => (
            <tr key={slot.slotId}>
              <td className="mono">{slot.slotId}</td>
              <td>{slot.description}</td>
              <td>
                {slot.token === null
                  ? t('diag.noToken')
                  : `${slot.token.label} (${slot.token.serial}) · PIN ${slot.token.pinStates.map((s) => t(`pin.${s}`)).join(', ')}`}
              </td>
              <td className="mechanisms">
                {slot.token?.mechanisms
                  .filter((m) => m.family !== 'other')
                  .map((m) => (
                    <span key={m.code} className={m.vendorDefined ? 'badge badge-warn' : 'badge'}>
                      {m.name}
                    </span>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('diag.tools')}</h3>
      <p>
        {report.tools.map((tool) => (
          <span key={tool.name} className={`badge ${tool.present ? 'badge-ok' : 'badge-bad'}`}>
            {tool.name} {tool.present ? t('diag.present') : t('diag.missing')}
          </span>
        ))}
      </p>
      <p className="hint mono">
        SealDesk {report.app.version} · {report.app.shell} · {report.app.platform} · Node {report.app.node} · {dateTime(report.generatedAt)}
      </p>
    </div>
  );
}
