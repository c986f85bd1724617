import { useState } from 'react';
import type { ApprovalRequested } from '../../../../shared/model/approval-request.ts';
import type { Approver } from '../../../../shared/model/settings.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';
import { fileName } from '../../files.ts';

interface Props {
  path: string;
  /** The USBKey of whoever asks: the ledger names its holder. */
  serial: string;
  /** The unit's list of approvers (the center's and the unit's own). */
  approvers: readonly Approver[];
  onSent: (sent: ApprovalRequested) => void;
  onCancel: () => void;
}

/** 送签发: one of the unit's approvers is asked to approve the file, with a note if need be; nothing is signed. */
export function ApprovalRequestForm({ path, serial, approvers, onSent, onCancel }: Props) {
  const api = useApi();
  const { t, error: describe } = useT();
  const [approver, setApprover] = useState(approvers[0]?.label ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const title = t('request.title', { name: fileName(path) });
  const send = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const trimmed = note.trim();
      onSent(await api.call('documents.requestApproval', { serial, path, approver, ...(trimmed === '' ? {} : { note: trimmed }) }));
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="approval-request card" role="group" aria-label={title}>
      <h3>{title}</h3>
      {approvers.length === 0 ? (
        <p className="hint">{t('request.noApprovers')}</p>
      ) : (
        <>
          <label>
            {t('request.approver')}
            <select name="approver" value={approver} onChange={(e) => setApprover(e.target.value)}>
              {approvers.map((a, i) => (
                <option key={`${i}-${a.label}`} value={a.label}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('request.note')}
            <input name="note" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" disabled={busy || approver === ''} onClick={() => void send()}>
            {t('request.send')}
          </button>
        </>
      )}
      <button type="button" onClick={onCancel}>
        {t('request.cancel')}
      </button>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
