import { useState } from 'react';
import type { Diagnostics } from '../../../../shared/model/diagnostics.ts';
import { useApi } from '../../api/context.tsx';
import { saveBlob } from '../../api/download.ts';
import { CallState } from '../../components/CallState.tsx';
import { StatusMessage, type Status } from '../../components/StatusMessage.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';
import { findingText, footerLine, moduleLine, namedMechanisms, reportFileName, reportText, slotTokenLine } from './reportText.ts';

/** 诊断: the page a help desk asks for, copied as text or saved as a file. */
export function DiagnosticsScreen() {
  const api = useApi();
  const { t } = useT();
  const report = useCall(() => api.call('diagnostics.run', {}), []);
  return (
    <section>
      <h2>{t('diag.title')}</h2>
      <p className="hint">{t('diag.hint')}</p>
      <div className="actions">
        <button type="button" onClick={report.reload}>
          {t('diag.refresh')}
        </button>
        {report.data !== null && <ShareReport report={report.data} />}
      </div>
      <CallState call={report} />
      {report.data !== null && <Report report={report.data} />}
    </section>
  );
}

/** 复制 puts the report on the clipboard; 保存 downloads it (the desktop shell asks where). */
function ShareReport({ report }: { report: Diagnostics }) {
  const translator = useT();
  const { t, error: describe } = translator;
  const [status, setStatus] = useState<Status | null>(null);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(reportText(translator, report));
      setStatus({ kind: 'ok', text: t('diag.copied') });
    } catch (error) {
      setStatus({ kind: 'error', text: t('diag.copyFailed', { message: describe(error) }) });
    }
  };
  const save = (): void => {
    const name = reportFileName(report.generatedAt);
    saveBlob(new Blob([reportText(translator, report)], { type: 'text/plain;charset=utf-8' }), name);
    setStatus({ kind: 'ok', text: t('diag.saved', { name }) });
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        {t('diag.copy')}
      </button>
      <button type="button" onClick={save}>
        {t('diag.save')}
      </button>
      <StatusMessage status={status} />
    </>
  );
}

function Report({ report }: { report: Diagnostics }) {
  const translator = useT();
  const { t } = translator;
  return (
    <div className="diagnostics">
      <h3>{t('diag.findings')}</h3>
      <ul className="findings">
        {report.findings.length === 0 && <li className="finding finding-ok">{t('diag.ok')}</li>}
        {report.findings.map((finding) => (
          <li key={`${finding.key}-${JSON.stringify(finding.params)}`} className={`finding finding-${finding.severity}`}>
            <strong>{findingText(translator, finding.key, finding.params)}</strong>{' '}
            {findingText(translator, `${finding.key}.advice`, finding.params)}
          </li>
        ))}
      </ul>
      <h3>{t('diag.module')}</h3>
      <p className="mono">{moduleLine(report)}</p>
      <h3>{t('diag.slots')}</h3>
      <table>
        <tbody>
          {report.slots.map((slot) => (
            <tr key={slot.slotId}>
              <td className="mono">{slot.slotId}</td>
              <td>{slot.description}</td>
              <td>{slotTokenLine(translator, slot)}</td>
              <td className="mechanisms">
                {namedMechanisms(slot).map((m) => (
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
      <p className="hint mono">{footerLine(translator, report)}</p>
    </div>
  );
}
