import { useState } from 'react';
import { useT } from '../i18n.tsx';
import type { Status } from './StatusMessage.tsx';

/**
 * One operation at a time from a form or button: busy while it runs, then the outcome as a message
 * (`success` words the result, or null for no message). Resolves to the result, or null when it failed.
 */
export function useAction() {
  const { error: describe } = useT();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const run = async <T>(work: () => Promise<T>, success: (result: T) => string | null): Promise<T | null> => {
    setBusy(true);
    setStatus(null);
    try {
      const result = await work();
      const text = success(result);
      setStatus(text === null ? null : { kind: 'ok', text });
      return result;
    } catch (error) {
      setStatus({ kind: 'error', text: describe(error) });
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, status, run };
}
