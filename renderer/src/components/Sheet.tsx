import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n.tsx';

interface Props {
  title: string;
  confirmLabel: string;
  /** False until everything the act needs is given (a reason, a typed name, the PIN). */
  canConfirm: boolean;
  onConfirm: () => void;
  /** 取消, Escape or closing the sheet: nothing has happened, and nothing will. */
  onCancel: () => void;
  /** The act cannot be taken back (撤销, deleting keys): the confirm button says so by its colour. */
  danger?: boolean;
  children: ReactNode;
}

/**
 * A modal sheet for an act that has legal or lasting effect: the page behind it cannot be used until
 * the user confirms or cancels, so nothing is signed or removed by a stray click.
 */
export function Sheet({ title, confirmLabel, canConfirm, onConfirm, onCancel, danger = false, children }: Props) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  // In the body, not where it is declared: a sheet opened from a form must not nest a form in it.
  return createPortal(
    <dialog
      ref={dialog}
      className="sheet"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // React carries events up its own tree, through the portal: the form that opened the sheet must not see this one.
          event.stopPropagation();
          if (canConfirm) onConfirm();
        }}
      >
        <h3 id={titleId}>{title}</h3>
        {children}
        <div className="actions">
          <button type="submit" {...(danger ? { className: 'danger' } : {})} disabled={!canConfirm}>
            {confirmLabel}
          </button>
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
