import type { Application } from '../../../../../shared/model/application.ts';

/** What the custom fields need from the editor, passed through the form library's formContext. */
export interface DraftFormContext {
  attachments: Application['attachments'];
  /**
   * The messages for each attachment field: a file field holds {name}, so its problems are often its
   * name's ("topology.name"), which the form library gives no field to show.
   */
  attachmentProblems: Readonly<Record<string, string[]>>;
  /** Uploads and attaches a file; `onProgress` gets the fraction sent. */
  attach(field: string, file: File, onProgress: (fraction: number) => void): Promise<void>;
  detach(field: string): Promise<void>;
  readAttachment(field: string): Promise<Uint8Array<ArrayBuffer>>;
}
