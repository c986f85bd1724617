import { useState } from 'react';
import type { Token } from '../../../shared/model/token.ts';
import { useT } from '../i18n.tsx';
import type { Status } from './StatusMessage.tsx';

/**
 * One token operation at a time (login, PIN change, unlock): busy while it runs, the updated token
 * handed up, the outcome as a message. `always` runs either way, e.g. to clear PIN fields.
 */
export function useTokenAction(onTokenChange: (token: Token) => void, always: () => void) {
  const { error: describe } = useT();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Status | null>(null);
  const run = async (work: () => Promise<Token>, success: string | null): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      onTokenChange(await work());
      setMessage(success === null ? null : { kind: 'ok', text: success });
      return true;
    } catch (error) {
      setMessage({ kind: 'error', text: describe(error) });
      return false;
    } finally {
      always();
      setBusy(false);
    }
  };
  return { busy, message, setMessage, run };
}
