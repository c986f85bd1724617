import { describeTimestamp } from '../../../../shared/i18n/verification.ts';
import type { SignatureReport } from '../../../../shared/model/verification.ts';
import { useT } from '../../i18n.tsx';

/** The PAdES level and what proves the signing time: a trusted time-stamp, or only the signer's claim. */
export function TimestampLine({ signature }: { signature: SignatureReport }) {
  const { locale, dateTime } = useT();
  const stamp = signature.timestamp;
  const proven = stamp !== null && stamp.intact && stamp.trust === 'trusted';
  return (
    <p className={stamp === null || proven ? '' : 'warning'} data-testid="level">
      {describeTimestamp(locale, signature, dateTime)}
    </p>
  );
}
