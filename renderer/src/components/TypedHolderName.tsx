import { useState, type ReactNode } from 'react';
import type { CertificateDetails } from '../../../shared/model/certificate.ts';
import { useT } from '../i18n.tsx';

/**
 * The holder's name typed out before an act that cannot be taken back (私钥泄露, deleting a key):
 * reading a name and typing it cannot be done by reflex, as a click can.
 * `named` is true once the field holds the name; `field` is the labelled input to show.
 */
export function useTypedHolderName(certificate: CertificateDetails): { named: boolean; field: ReactNode } {
  const { t } = useT();
  const [typed, setTyped] = useState('');
  const holder = certificate.subject.commonName ?? certificate.subject.text;
  return {
    named: typed.trim() === holder,
    field: (
      <label>
        {t('certReq.typeHolder', { holder })}
        <input type="text" name="holder" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
    ),
  };
}
