import { useState, type ReactNode } from 'react';
import { useT } from '../i18n.tsx';

interface Props {
  label: string;
  /** The question shown before anything happens, e.g. what will be lost. */
  question: string;
  onConfirm: () => void;
  /** Choices that belong to the question (e.g. a reason), shown only while asking. */
  children?: ReactNode;
}

/** A destructive action asks in place before it runs: the first click shows the question and 确认/取消. */
export function ConfirmButton({ label, question, onConfirm, children }: Props) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      {children}
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('common.confirm')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
