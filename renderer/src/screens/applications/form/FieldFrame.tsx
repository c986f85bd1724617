import type { FieldProps } from '@rjsf/utils';
import type { ReactNode } from 'react';

/** The label (with the required mark) and the service's messages around a custom field, as the library's own fields show them. */
export function FieldFrame({
  props,
  className,
  messages = props.rawErrors ?? [],
  children,
}: {
  props: FieldProps;
  className: string;
  messages?: readonly string[] | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`form-group ${className}`}>
      <label className="control-label" htmlFor={props.fieldPathId.$id}>
        {props.schema.title}
        {props.required && <span className="required">*</span>}
      </label>
      {children}
      {messages.map((message) => (
        <p key={message} className="error-detail">
          {message}
        </p>
      ))}
    </div>
  );
}
