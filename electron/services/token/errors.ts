import { AppError, type ErrorCode } from '../../../shared/errors.ts';

/** The one place CKR_* return values become typed errors. */
const CKR_TO_CODE: Readonly<Record<string, ErrorCode>> = {
  CKR_PIN_INCORRECT: 'PIN_INCORRECT',
  CKR_PIN_LOCKED: 'PIN_LOCKED',
  CKR_PIN_INVALID: 'PIN_INVALID',
  CKR_PIN_LEN_RANGE: 'PIN_LEN_RANGE',
  CKR_PIN_EXPIRED: 'PIN_EXPIRED',
  CKR_DEVICE_REMOVED: 'TOKEN_REMOVED',
  CKR_TOKEN_NOT_PRESENT: 'TOKEN_REMOVED',
  CKR_SESSION_HANDLE_INVALID: 'TOKEN_REMOVED',
  CKR_SESSION_CLOSED: 'TOKEN_REMOVED',
  CKR_SLOT_ID_INVALID: 'TOKEN_REMOVED',
  CKR_TOKEN_NOT_RECOGNIZED: 'TOKEN_NOT_FOUND',
  CKR_USER_NOT_LOGGED_IN: 'TOKEN_NOT_LOGGED_IN',
  CKR_MECHANISM_INVALID: 'MECHANISM_UNSUPPORTED',
  CKR_MECHANISM_PARAM_INVALID: 'MECHANISM_UNSUPPORTED',
  CKR_KEY_TYPE_INCONSISTENT: 'MECHANISM_UNSUPPORTED',
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'MECHANISM_UNSUPPORTED',
  CKR_DEVICE_ERROR: 'DEVICE_ERROR',
  CKR_DEVICE_MEMORY: 'TOKEN_FULL',
  CKR_GENERAL_ERROR: 'DEVICE_ERROR',
  CKR_FUNCTION_FAILED: 'DEVICE_ERROR',
};

/** pkcs11js reports the CKR name as the message of its Pkcs11Error, with the numeric code beside it. */
function ckrName(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const message = (error as { message?: unknown }).message;
  if (typeof message !== 'string') return null;
  const match = /^(CKR_[A-Z_]+)/.exec(message);
  return match?.[1] ?? null;
}

export function mapPkcs11Error(error: unknown, context: Record<string, string | number | null> = {}): AppError {
  if (error instanceof AppError) return error;
  const name = ckrName(error);
  const code = name === null ? 'DEVICE_ERROR' : (CKR_TO_CODE[name] ?? 'DEVICE_ERROR');
  return new AppError(code, { ...context, ckr: name }, { cause: error });
}

/** Runs one PKCS#11 step; whatever the module throws leaves as a typed error. */
export function pkcs11Call<T>(step: () => T, context: Record<string, string | number | null> = {}): T {
  try {
    return step();
  } catch (error) {
    throw mapPkcs11Error(error, context);
  }
}
