import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useState } from 'react';
// The modules themselves, not shared/forms/index.ts: the built-in catalog stays out of the renderer (it comes from forms.catalog).
import type { FieldError } from '../../../../shared/forms/errors.ts';
import { describeFieldError } from '../../../../shared/forms/messages.ts';
import { ownTitle } from '../../../../shared/forms/paths.ts';
import { uiSchemaFor } from '../../../../shared/forms/ui-hints.ts';
import type { Application } from '../../../../shared/model/application.ts';
import type { Token } from '../../../../shared/model/token.ts';
import { useT } from '../../i18n.tsx';
import { ApplicationActions } from './ApplicationActions.tsx';
import { AttachmentField } from './form/AttachmentField.tsx';
import { BUTTON_TEMPLATES } from './form/buttons.tsx';
import { CidrListField } from './form/CidrListField.tsx';
import type { DraftFormContext } from './form/context.ts';
import { errorSchemaOf, serviceValidator } from './form/validator.ts';
import { CalendarDayWidget } from './form/CalendarDayWidget.tsx';
import { WorkingDayDateWidget } from './form/WorkingDayDateWidget.tsx';
import { useCatalog } from './catalog.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useDraftSession } from './useDraftSession.ts';

const FIELDS = { attachment: AttachmentField, cidrList: CidrListField };
const WIDGETS = { workingDayDate: WorkingDayDateWidget, DateWidget: CalendarDayWidget };
const TEMPLATES = { ButtonTemplates: BUTTON_TEMPLATES };

/** The form library's field id for a dotted data path ("handler.idNumber" → "root_handler_idNumber"). */
const fieldId = (path: string): string => (path === '' ? 'root' : `root_${path.replaceAll('.', '_')}`);

/** One application: the form with immediate checks, saved as it is typed; signed ones are read-only. */
export function ApplicationEditor({ initial, tokens, onClose }: { initial: Application; tokens: Token[]; onClose: () => void }) {
  const { t, locale, clock, error: describe } = useT();
  const session = useDraftSession(initial);
  const { application } = session;
  const form = useCatalog().formById(application.formId);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  if (form === undefined) return <p className="error">{t('error.FORM_NOT_FOUND', { id: application.formId })}</p>;

  const signed = application.state === 'signed';
  const isTouched = (error: FieldError): boolean => {
    const id = fieldId(error.path);
    return [...touched].some((t) => t === id || id.startsWith(`${t}_`) || t.startsWith(`${id}_`));
  };
  const shown = showAll ? application.errors : application.errors.filter(isTouched);
  const touch = (id: string | undefined): void => {
    if (id !== undefined && !touched.has(id)) setTouched(new Set([...touched, id]));
  };
  const inWords = (error: FieldError): string => describeFieldError(locale, { ...error, field: ownTitle(error.field) });
  // A file field holds {name}; the form library may give it an empty {} whose missing name is the field's problem.
  const attachmentProblems: Record<string, string[]> = {};
  const besideFields: FieldError[] = [];
  for (const error of shown) {
    const key = error.path.split('.')[0] ?? '';
    const slot = form.schema.properties?.[key];
    if (slot?.['x-attachment'] === undefined) besideFields.push(error);
    else (attachmentProblems[key] ??= []).push(inWords({ ...error, field: slot.title ?? key }));
  }
  const context: DraftFormContext = {
    attachments: application.attachments,
    attachmentProblems,
    attach: session.attach,
    detach: session.detach,
    readAttachment: session.readAttachment,
  };

  return (
    <section className="application-editor" aria-label={form.title}>
      <header className="editor-header">
        <button type="button" onClick={onClose}>
          {t('apps.back')}
        </button>
        <h2>{form.title}</h2>
        <StateBadge application={application} />
        <span className="hint">{t('apps.edition', { edition: application.edition })}</span>
        <span className="hint" role="status" data-testid="save-state">
          {session.saving ? t('apps.saving') : session.savedAt ? t('apps.saved', { time: clock(session.savedAt) }) : ''}
        </span>
      </header>
      {session.failure !== null && (
        <p className="error" role="alert">
          {describe(session.failure)}
        </p>
      )}
      {application.migratedFrom !== null && (
        <p className="banner">{t('apps.migrated', { from: application.migratedFrom, to: application.formVersion })}</p>
      )}
      {Object.keys(application.legacy).length > 0 && (
        <details className="banner" open>
          <summary>{t('apps.legacy')}</summary>
          <pre>{JSON.stringify(application.legacy, null, 2)}</pre>
        </details>
      )}
      <div className="editor-body">
        <Form
          schema={form.schema as RJSFSchema}
          uiSchema={uiSchemaFor(form)}
          formData={session.data}
          validator={serviceValidator}
          fields={FIELDS}
          widgets={WIDGETS}
          templates={TEMPLATES}
          formContext={context}
          extraErrors={errorSchemaOf(besideFields, inWords)}
          showErrorList={false}
          noHtml5Validate
          disabled={signed}
          onChange={(event, id) => {
            touch(id);
            if (!signed) session.change(event.formData as Record<string, unknown>);
          }}
          onBlur={(id) => touch(id)}
        />
        <aside className="editor-side">
          <p data-testid="problem-count">
            {application.errors.length === 0 ? t('apps.complete') : t('apps.problems', { count: application.errors.length })}
          </p>
          {!signed && application.errors.length > 0 && (
            <button type="button" onClick={() => setShowAll(true)}>
              {t('apps.showProblems')}
            </button>
          )}
          <ApplicationActions
            session={session}
            tokens={tokens}
            needsUnitSeal={form.needsUnitSeal}
            onShowProblems={() => setShowAll(true)}
          />
        </aside>
      </div>
    </section>
  );
}
