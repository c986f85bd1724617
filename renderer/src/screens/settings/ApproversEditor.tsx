import { useState } from 'react';
import type { Approver, SettingsPatch } from '../../../../shared/model/settings.ts';
import { useApi } from '../../api/context.tsx';
import { useT } from '../../i18n.tsx';
import { useCall } from '../../useCall.ts';

interface Props {
  approvers: readonly Approver[];
  save: (patch: SettingsPatch) => Promise<void>;
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

function normaliseFingerprint(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-f]/g, '');
}

function describe(approver: Approver): string {
  return 'fingerprintSha256' in approver
    ? `SHA-256 ${approver.fingerprintSha256.slice(0, 16)}…`
    : `${approver.subject} / ${approver.issuer}`;
}

/** 签发权人: who may approve documents before a seal goes on them. Added from a token or by certificate fingerprint. */
export function ApproversEditor({ approvers, save }: Props) {
  const { t } = useT();
  const [label, setLabel] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const normalised = normaliseFingerprint(fingerprint);
  const valid = label.trim() !== '' && FINGERPRINT.test(normalised);
  const add = (approver: Approver): Promise<void> => save({ approvers: [...approvers, approver] });
  return (
    <fieldset className="card">
      <legend>{t('settings.approvers')}</legend>
      <p className="hint">{t('settings.approversHint')}</p>
      <ul className="approver-list" data-testid="approvers">
        {approvers.length === 0 && <li>{t('settings.approversNone')}</li>}
        {approvers.map((approver, index) => (
          <li key={index}>
            <span>
              <strong>{approver.label}</strong> <code>{describe(approver)}</code>
            </span>
            <button type="button" onClick={() => void save({ approvers: approvers.filter((_, i) => i !== index) })}>
              {t('settings.approverRemove', { name: approver.label })}
            </button>
          </li>
        ))}
      </ul>
      <FromToken approvers={approvers} add={add} />
      <div className="path-row">
        <label>
          {t('settings.approverName')}
          <input name="approverName" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label>
          {t('settings.approverFingerprint')}
          <input name="approverFingerprint" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} spellCheck={false} />
        </label>
        <button
          type="button"
          disabled={!valid}
          onClick={() => void add({ label: label.trim(), fingerprintSha256: normalised }).then(() => [setLabel(''), setFingerprint('')])}
        >
          {t('settings.approverAdd')}
        </button>
      </div>
      {fingerprint !== '' && !FINGERPRINT.test(normalised) && <p className="error">{t('settings.approverFingerprintInvalid')}</p>}
    </fieldset>
  );
}

/** Personal certificates on the plugged-in tokens that are not yet on the list. */
function FromToken({ approvers, add }: { approvers: readonly Approver[]; add: (approver: Approver) => Promise<void> }) {
  const api = useApi();
  const { t } = useT();
  const candidates = useCall(async () => {
    const found = [];
    for (const token of await api.call('tokens.list', {})) {
      const { certificates } = await api.call('tokens.certificates', { serial: token.serial });
      found.push(...certificates.filter((c) => c.kind === 'personal'));
    }
    return found;
  }, [api]);
  const listed = new Set(approvers.flatMap((a) => ('fingerprintSha256' in a ? [a.fingerprintSha256] : [])));
  const open = (candidates.data ?? []).filter((c) => !listed.has(c.fingerprintSha256));
  if (open.length === 0) return null;
  return (
    <ul className="approver-candidates">
      {open.map((c) => (
        <li key={c.fingerprintSha256}>
          <button
            type="button"
            onClick={() => void add({ label: c.subject.commonName ?? c.label, fingerprintSha256: c.fingerprintSha256 })}
          >
            {t('settings.approverFromToken', { name: c.subject.commonName ?? c.label })}
          </button>
        </li>
      ))}
    </ul>
  );
}
