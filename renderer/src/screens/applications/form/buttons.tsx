import type { IconButtonProps } from '@rjsf/utils';
import type { MessageKey } from '../../../../../shared/i18n/index.ts';
import { useT } from '../../../i18n.tsx';

/** Text buttons in the UI language instead of the library's icon-font glyphs, which this app does not load. */
function textButton(label: MessageKey) {
  return function TextButton({ onClick, disabled, className }: IconButtonProps) {
    const { t } = useT();
    return (
      <button type="button" className={`form-button ${className ?? ''}`} onClick={onClick} disabled={disabled}>
        {t(label)}
      </button>
    );
  };
}

export const BUTTON_TEMPLATES = {
  AddButton: textButton('apps.form.add'),
  RemoveButton: textButton('apps.form.remove'),
  MoveUpButton: textButton('apps.form.moveUp'),
  MoveDownButton: textButton('apps.form.moveDown'),
  CopyButton: textButton('apps.form.copy'),
};
