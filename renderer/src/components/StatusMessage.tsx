export interface Status {
  kind: 'ok' | 'error';
  text: string;
}

/** The outcome of a user action: errors are announced as alerts, successes as status. */
export function StatusMessage({ status }: { status: Status | null }) {
  if (status === null) return null;
  return (
    <p className={status.kind === 'error' ? 'error' : 'success'} role={status.kind === 'error' ? 'alert' : 'status'}>
      {status.text}
    </p>
  );
}
