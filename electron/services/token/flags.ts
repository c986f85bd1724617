import type { PinState } from '../../../shared/model/token.ts';

// PKCS#11 v2.40 token flags (CK_TOKEN_INFO.flags).
export const CKF_LOGIN_REQUIRED = 0x4;
export const CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
export const CKF_TOKEN_INITIALIZED = 0x400;
export const CKF_USER_PIN_COUNT_LOW = 0x10000;
export const CKF_USER_PIN_FINAL_TRY = 0x20000;
export const CKF_USER_PIN_LOCKED = 0x40000;
export const CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

/**
 * The PIN conditions a user must know about; "ok" when none is set. Of the counter flags only the most
 * severe is shown (locked implies the count was low), beside "to be changed", which is independent.
 */
export function pinStatesFromFlags(flags: number): PinState[] {
  const states: PinState[] = [];
  if (flags & CKF_USER_PIN_LOCKED) states.push('locked');
  else if (flags & CKF_USER_PIN_FINAL_TRY) states.push('finalTry');
  else if (flags & CKF_USER_PIN_COUNT_LOW) states.push('countLow');
  if (flags & CKF_USER_PIN_TO_BE_CHANGED) states.push('toBeChanged');
  return states.length === 0 ? ['ok'] : states;
}

/**
 * PKCS#11 reports no exact counter, only "low" and "final try"; 1 is certain on final try, otherwise
 * the remaining count is unknown (null) and the UI says so instead of guessing.
 */
export function remainingTriesFromFlags(flags: number): number | null {
  if (flags & CKF_USER_PIN_LOCKED) return 0;
  if (flags & CKF_USER_PIN_FINAL_TRY) return 1;
  return null;
}
