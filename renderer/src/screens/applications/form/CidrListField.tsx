import type { FieldProps } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { cidrProblem } from '../../../../../shared/validation/network.ts';
import { useT } from '../../../i18n.tsx';
import { FieldFrame } from './FieldFrame.tsx';

/** Address blocks one per line, as network staff paste them; each line is checked as it is typed. */
export function CidrListField(props: FieldProps) {
  const { t } = useT();
  const value = Array.isArray(props.formData) ? (props.formData as string[]) : [];
  const [text, setText] = useState(value.join('\n'));
  useEffect(() => {
    if (lines(text).join('\n') !== value.join('\n')) setText(value.join('\n'));
    // Only a change from outside (a reload) rewrites what is being typed.
  }, [value.join('\n')]);
  const problems = lines(text).flatMap((line) => (cidrProblem(line) === null ? [] : [line]));
  const inputId = props.fieldPathId.$id;
  return (
    <FieldFrame props={props} className="cidr-list">
      <p className="hint">{t('apps.cidr.hint')}</p>
      <textarea
        id={inputId}
        rows={4}
        value={text}
        disabled={props.disabled === true || props.readonly === true}
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(lines(e.target.value), props.fieldPathId.path);
        }}
      />
      {problems.map((line) => (
        <p key={line} className="error-detail">
          {t('apps.cidr.invalid', { line })}
        </p>
      ))}
    </FieldFrame>
  );
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
