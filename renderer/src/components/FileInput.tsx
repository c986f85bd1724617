import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'className'> & {
  /** The control's name for screen readers and tests: what the file is for. */
  'aria-label': string;
  /** The button's words (选择文件…, 从 JSON 文件导入). */
  action: string;
};

/**
 * A file control in the app's words and style. The browser's own says "Choose File / No file chosen"
 * in the system's language, whatever the app's; this one keeps the input (for the keyboard, drops and
 * screen readers) out of sight behind a button of the app. What was chosen, the screen around it says.
 */
export function FileInput({ action, ...input }: Props) {
  return (
    <label className="file-input">
      <input type="file" className="visually-hidden" {...input} />
      <span className="file-input-button" aria-hidden="true">
        {action}
      </span>
    </label>
  );
}
