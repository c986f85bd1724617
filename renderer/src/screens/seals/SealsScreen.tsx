import { useState } from 'react';
import type { MessageKey } from '../../../../shared/i18n/index.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useT } from '../../i18n.tsx';
import { CustodyPanel } from './CustodyPanel.tsx';
import { SealForm } from './SealForm.tsx';
import { SealList } from './SealList.tsx';
import { VerifyPanel } from './VerifyPanel.tsx';

const TABS = ['list', 'seal', 'verify', 'custody'] as const;

/** A file handed on from 首页 and the step it waits for: to be sealed, approved, or asked for approval again. */
export interface HandedFile {
  path: string;
  next: 'seal' | 'approve' | 'request';
}
type Tab = (typeof TABS)[number];

/** 印章: the unit's seals, approving and sealing documents, verifying any PDF, and 代管 (where the custodian hands the seal over). */
export function SealsScreen({
  canPickFiles,
  tokens,
  toSeal,
}: {
  canPickFiles: boolean;
  tokens: readonly Token[];
  toSeal: HandedFile | null;
}) {
  const { t } = useT();
  // A file handed on from elsewhere (首页's 去盖章, 去签发, 再次请求) opens 签发与盖章 with it chosen.
  const [tab, setTab] = useState<Tab>(toSeal === null ? 'list' : 'seal');
  /** A sealed file handed on to 验章; a new key remounts the panel so it verifies the file at once. */
  const [handedOn, setHandedOn] = useState<{ path: string; key: number } | null>(null);
  const verifySealed = (path: string): void => {
    setHandedOn((current) => ({ path, key: (current?.key ?? 0) + 1 }));
    setTab('verify');
  };
  return (
    <section>
      <h2>{t('nav.seals')}</h2>
      <div className="tabs" role="tablist">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'tab active' : 'tab'}
            onClick={() => setTab(name)}
          >
            {t(`seals.tab.${name}` satisfies MessageKey)}
          </button>
        ))}
      </div>
      {tab === 'list' && <SealList />}
      {tab === 'seal' && <SealForm canPickFiles={canPickFiles} tokens={tokens} handedOn={toSeal} onVerify={verifySealed} />}
      {tab === 'verify' && <VerifyPanel key={handedOn?.key ?? 0} canPickFiles={canPickFiles} initialPath={handedOn?.path ?? null} />}
      {tab === 'custody' && <CustodyPanel tokens={tokens} />}
    </section>
  );
}
