import type { Token } from '../../../shared/model/token.ts';
import { useAction } from './useAction.ts';

/**
 * A token operation (login, PIN change, unlock) through `useAction`: the updated token is handed up, and
 * `always` runs either way, e.g. to clear PIN fields. Resolves to whether it succeeded.
 */
export function useTokenAction(onTokenChange: (token: Token) => void, always: () => void) {
  const { busy, status: message, run: runAction } = useAction();
  const run = async (work: () => Promise<Token>, success: string | null): Promise<boolean> => {
    try {
      const token = await runAction(work, () => success);
      if (token !== null) onTokenChange(token);
      return token !== null;
    } finally {
      always();
    }
  };
  return { busy, message, run };
}
