import type { Application } from '../../../../../shared/model/application.ts';

/** What the custom fields need from the editor, passed through the form library's formContext. */
export interface DraftFormContext {
  attachments: Application['attachments'];
  /** Uploads and attaches a file; `onProgress` gets the fraction sent. */
  attach(field: string, file: File, onProgress: (fraction: number) => void): Promise<void>;
}
