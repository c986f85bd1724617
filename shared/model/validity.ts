const DAY_MS = 86_400_000;
/** Renewal is due well before expiry; the badge turns amber inside this window. */
export const RENEWAL_WARNING_DAYS = 30;

export type Validity = { state: 'notYetValid' } | { state: 'expired' } | { state: 'valid'; daysLeft: number; soon: boolean };

export function validityOf(notBefore: string, notAfter: string, now = Date.now()): Validity {
  if (now < Date.parse(notBefore)) return { state: 'notYetValid' };
  const daysLeft = Math.floor((Date.parse(notAfter) - now) / DAY_MS);
  if (daysLeft < 0) return { state: 'expired' };
  return { state: 'valid', daysLeft, soon: daysLeft <= RENEWAL_WARNING_DAYS };
}
