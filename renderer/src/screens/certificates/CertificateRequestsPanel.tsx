import { useState } from 'react';
import type { RevocationReason } from '../../../../shared/center/certificate-request.ts';
import type { TokenCertificate } from '../../../../shared/model/certificate.ts';
import type { CertificateRequestView } from '../../../../shared/model/certificate-status.ts';
import type { Token } from '../../../../shared/model/token.ts';
import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { useApi } from '../../api/context.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { StatusMessage } from '../../components/StatusMessage.tsx';
import { useAction } from '../../components/useAction.ts';
import { useT } from '../../i18n.tsx';
import { RemoveReplacedSheet } from './RemoveReplacedSheet.tsx';
import { RevokeSheet } from './RevokeSheet.tsx';

interface Props {
  certificate: TokenCertificate;
  token: Token;
  /** The latest 更新/撤销 request about this certificate, if any. */
  request: CertificateRequestView | null;
  /** An installed renewal replaced this certificate: it may now be removed. */
  replaced: boolean;
  /** SealDesk signs nothing with it (a leaked key reported): no 更新 until it is in use again. */
  blocked: boolean;
  /** The token's certificates that can sign a revocation request (any valid certificate of the unit). */
  signers: readonly TokenCertificate[];
  onChanged: () => void;
}

const STATE_KEYS = {
  renewal: {
    waiting: 'certReq.state.renewal.waiting',
    installed: 'certReq.state.renewal.installed',
    returned: 'certReq.state.renewal.returned',
    cancelled: 'certReq.state.renewal.cancelled',
  },
  revocation: {
    waiting: 'certReq.state.revocation.waiting',
    revoked: 'certReq.state.revocation.revoked',
    returned: 'certReq.state.revocation.returned',
  },
} as const satisfies Record<CertificateRequestView['type'], Partial<Record<CertificateRequestView['state'], MessageKey>>>;

function stateKey(request: CertificateRequestView): MessageKey {
  const keys: Partial<Record<CertificateRequestView['state'], MessageKey>> = STATE_KEYS[request.type];
  return keys[request.state] ?? STATE_KEYS[request.type].waiting;
}

/**
 * 更新, 撤销/变更 and, after a renewal, removing the old pair: each asks first, each says what happened.
 * 撤销 and removing keys cannot be taken back, so they open a sheet and sit apart from 更新.
 */
export function CertificateRequestsPanel({ certificate, token, request, replaced, blocked, signers, onChanged }: Props) {
  const api = useApi();
  const { t } = useT();
  const [sheet, setSheet] = useState<'revoke' | 'remove' | null>(null);
  const { status, run: runAction } = useAction();
  const ref = { serial: token.serial, certificate: certificate.fingerprintSha256 };
  const run = async (work: () => Promise<unknown>, done: string | null): Promise<void> => {
    setSheet(null);
    if ((await runAction(work, () => done)) !== null) onChanged();
  };
  const waiting = request?.state === 'waiting';
  const reportReturned = blocked && request?.type === 'revocation' && request.state === 'returned';
  const revoke = (reason: RevocationReason, signWith: string): void =>
    void run(() => api.call('certs.revoke', { ...ref, reason, signWith }), reason === 'key-compromise' ? t('certReq.urgent') : null);
  return (
    <div className="cert-requests">
      {request !== null && (
        <p className={request.state === 'returned' ? 'warning' : ''} data-testid="certificate-request">
          {t(stateKey(request), { detail: request.detail ?? '' })}
        </p>
      )}
      {blocked && <p className="error">{t('certStatus.blocked')}</p>}
      {reportReturned && (
        <ConfirmButton
          label={t('certReq.resume')}
          question={t('certReq.resumeConfirm')}
          onConfirm={() =>
            void run(() => api.call('certs.resumeUse', { fingerprint: certificate.fingerprintSha256 }), t('certReq.resumed'))
          }
        />
      )}
      {token.loggedIn && waiting && request.type === 'renewal' && (
        <ConfirmButton
          label={t('certReq.cancelAndRenew')}
          question={t('certReq.cancelAndRenewConfirm')}
          onConfirm={() => void run(() => api.call('certs.renew', { ...ref, pending: 'cancel' }), null)}
        />
      )}
      {token.loggedIn && certificate.hasPrivateKey && !waiting && !replaced && (
        <>
          {!blocked && (
            <div className="actions">
              <ConfirmButton
                label={t('certReq.renew')}
                question={t('certReq.renewConfirm')}
                onConfirm={() => void run(() => api.call('certs.renew', ref), null)}
              />
            </div>
          )}
          <div className="actions danger-zone">
            <button type="button" className="danger-outline" onClick={() => setSheet('revoke')}>
              {t('certReq.revoke')}
            </button>
          </div>
        </>
      )}
      {token.loggedIn && replaced && (
        <div className="actions danger-zone">
          <button type="button" className="danger-outline" onClick={() => setSheet('remove')}>
            {t('certReq.removeOld')}
          </button>
        </div>
      )}
      {sheet === 'revoke' && (
        <RevokeSheet
          certificate={certificate}
          tokenLabel={token.label}
          signers={signers}
          onConfirm={revoke}
          onCancel={() => setSheet(null)}
        />
      )}
      {sheet === 'remove' && (
        <RemoveReplacedSheet
          certificate={certificate}
          tokenLabel={token.label}
          onConfirm={() =>
            void run(() => api.call('certs.removeReplaced', { serial: token.serial, fingerprint: certificate.fingerprintSha256 }), null)
          }
          onCancel={() => setSheet(null)}
        />
      )}
      <StatusMessage status={status} />
    </div>
  );
}
