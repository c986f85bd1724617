import type { PinState } from '../../../shared/model/token.ts';
import { useT } from '../i18n.tsx';

const SEVERITY: Record<PinState, string> = { ok: 'ok', toBeChanged: 'warn', countLow: 'warn', finalTry: 'bad', locked: 'bad' };

export function PinStates({ states }: { states: readonly PinState[] }) {
  const { t } = useT();
  return (
    <span className="pin-states">
      {states.map((state) => (
        <span key={state} className={`badge badge-${SEVERITY[state]}`}>
          {t(`pin.${state}`)}
        </span>
      ))}
    </span>
  );
}
