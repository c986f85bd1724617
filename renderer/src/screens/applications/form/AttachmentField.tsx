import type { FieldProps } from '@rjsf/utils';
import { useState, type DragEvent } from 'react';
import type { JsonSchema } from '../../../../../shared/forms/index.ts';
import { FileInput } from '../../../components/FileInput.tsx';
import { useT } from '../../../i18n.tsx';
import { AttachmentPreview } from './AttachmentPreview.tsx';
import type { DraftFormContext } from './context.ts';
import { FieldFrame } from './FieldFrame.tsx';

/** A file slot: pick or drop a file; the service checks type, size and scan resolution before keeping it. */
export function AttachmentField(props: FieldProps) {
  const { t, error: describe } = useT();
  const context = props.registry.formContext as DraftFormContext;
  const field = props.name;
  const spec = (props.schema as JsonSchema)['x-attachment'];
  const stored = context.attachments[field];
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const locked = props.disabled === true || props.readonly === true;

  const take = async (file: File | undefined): Promise<void> => {
    if (file === undefined || locked) return;
    setFailure(null);
    setBusy(0);
    try {
      await context.attach(field, file, setBusy);
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(null);
    }
  };
  const remove = async (): Promise<void> => {
    setFailure(null);
    setPreviewing(false);
    try {
      await context.detach(field);
    } catch (error) {
      setFailure(describe(error));
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    void take(event.dataTransfer.files[0]);
  };
  const inputId = props.fieldPathId.$id;
  return (
    <div data-field={field} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <FieldFrame props={props} className="attachment-field" messages={context.attachmentProblems[field]}>
        {spec && (
          <p className="hint">
            {t(spec.minDpi ? 'apps.attach.specDpi' : 'apps.attach.spec', {
              types: spec.types.join('、'),
              maxMb: spec.maxMb,
              dpi: spec.minDpi ?? 0,
            })}
          </p>
        )}
        {stored ? (
          <div className="attachment-stored">
            <span>
              {stored.name}（{(stored.size / 1024).toFixed(1)} KB，SHA-256 {stored.sha256.slice(0, 16)}…）
            </span>
            <button type="button" aria-expanded={previewing} onClick={() => setPreviewing(!previewing)}>
              {t(previewing ? 'apps.attach.hidePreview' : 'apps.attach.preview')}
            </button>
            {!locked && (
              <button type="button" onClick={() => void remove()}>
                {t('apps.attach.remove')}
              </button>
            )}
          </div>
        ) : (
          <p className="attachment-empty">{t('apps.attach.none')}</p>
        )}
        {stored && previewing && <AttachmentPreview file={stored} read={() => context.readAttachment(field)} />}
        {!locked && (
          // The field says itself what it holds: the control shows only its button.
          <FileInput
            id={inputId}
            name={field}
            aria-label={props.schema.title ?? field}
            action={t('files.chooseFile')}
            onChange={(e) => void take(e.target.files?.[0])}
          />
        )}
        {busy !== null && <progress max={1} value={busy} aria-label={t('apps.attach.uploading')} />}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
      </FieldFrame>
    </div>
  );
}
