import type { Token } from '../../../shared/model/token.ts';

/**
 * When each token's PIN was last changed on this computer (or the token first seen here), so a
 * rotation reminder can be due. Local preference data, never the PIN.
 */
export interface PinHistory {
  /** Records the first sighting when nothing is known yet. */
  lastChange(serial: string): string;
  recordChange(serial: string): void;
}

export function withPinHistory(token: Token, history: PinHistory | null): Token {
  return { ...token, pinChangedAt: history?.lastChange(token.serial) ?? null };
}
