/**
 * The closed set of failures a user can meet. Every layer throws `AppError` with one of these codes;
 * the UI shows the catalog message for the code, never a stack.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'INTERNAL',
  'MODULE_NOT_CONFIGURED',
  'MODULE_NOT_FOUND',
  'MODULE_INVALID',
  'TOKEN_NOT_FOUND',
  'TOKEN_REMOVED',
  'TOKEN_NOT_LOGGED_IN',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'PIN_INVALID',
  'PIN_LEN_RANGE',
  'PIN_EXPIRED',
  'PIN_REQUIRED',
  'PIN_CHANGE_REQUIRED',
  'PIN_RULE_TOO_SHORT',
  'PIN_RULE_LETTERS_DIGITS',
  'PIN_RULE_PERSONAL',
  'PIN_RULE_REUSED',
  'PIN_CONFIRMATION_MISMATCH',
  'CERT_NOT_FOUND',
  'CERT_AMBIGUOUS',
  'CERT_PARSE_FAILED',
  'KEY_NOT_FOUND',
  'MECHANISM_UNSUPPORTED',
  'SIGNATURE_INVALID',
  'DEVICE_ERROR',
  'TOOL_MISSING',
  'DEMO_PROVISION_FAILED',
  'PORT_IN_USE',
  'NOT_SUPPORTED_IN_SHELL',
  'FILE_NOT_FOUND',
  'FILE_CHANGED',
  'OUTPUT_EXISTS',
  'FILE_TOO_LARGE',
  'OUTPUT_FOLDER_MISSING',
  'DISK_FULL',
  'FILE_ACCESS_DENIED',
  'PDF_NOT_PDF',
  'PDF_ENCRYPTED',
  'PDF_CORRUPT',
  'PDF_EMPTY',
  'PDF_TRUNCATED',
  'PDF_XREF_OUTSIDE_FILE',
  'PDF_LENGTH_INVALID',
  'PDF_REFERENCE_CYCLE',
  'PDF_NO_PAGES',
  'PDF_PAGE_TREE_INVALID',
  'PDF_REPAIR_NEEDED',
  'PDF_DAMAGED_SIGNED',
  'PDF_UNSUPPORTED',
  'PDF_PAGE_OUT_OF_RANGE',
  'PLACEMENT_OUTSIDE_PAGE',
  'SEAL_LARGER_THAN_PAGE',
  'CROSS_PAGE_TOO_FEW_PAGES',
  'PLACEMENT_OVERLAPS_SIGNATURE',
  'SIGNATURE_FIELD_NOT_FOUND',
  'PDF_LOCKED',
  'PDF_SIGNATURE_BROKEN',
  'NOT_APPROVED',
  'APPROVER_NOT_AUTHORISED',
  'IMPRESSION_MISSING',
  'IMPRESSION_INVALID',
  'FONT_MISSING',
  'SEAL_NOT_FOUND',
  'FORM_NOT_FOUND',
  'CATALOG_INVALID',
  'FORM_INVALID',
  'JSON_INVALID',
  'ATTACHMENT_MISSING',
  'ATTACHMENT_UNREADABLE',
  'ATTACHMENT_WRONG_TYPE',
  'ATTACHMENT_TOO_LARGE',
  'SCAN_RESOLUTION_LOW',
  'APPLICATION_TAMPERED',
  'VAULT_CORRUPT',
  'VAULT_OTHER_SHELL',
  'PASSPHRASE_INCORRECT',
  'DRAFT_NOT_FOUND',
  'DRAFT_SIGNED',
  'APPLICATION_NOT_SIGNED',
  'VAULT_LOCKED',
  'PASSPHRASE_WEAK',
  'CENTER_NOT_CONFIGURED',
  'CENTER_DIR_MISSING',
  'CENTER_NOT_ENROLLED',
  'CENTER_UNREACHABLE',
  'CENTER_REJECTED',
  'CENTER_RESPONSE_UNTRUSTED',
  'TIMESTAMP_INVALID',
  'VALIDATION_DATA_INVALID',
  'CERT_REVOKED',
  'CENTER_CERTIFICATE_INVALID',
  'ENROLMENT_CODE_INVALID',
  'KEY_GENERATION_UNSUPPORTED',
  'TOKEN_FULL',
  'UNLOCK_REQUEST_INVALID',
  'UNLOCK_SIGNER_SAME_TOKEN',
  'RENEWAL_CERT_EXPIRED',
  'RENEWAL_PENDING',
  'ISSUED_CERT_MISMATCH',
  'ISSUED_CERT_UNTRUSTED',
  'ISSUED_CERT_WRONG_TYPE',
  'CERT_BLOCKED',
  'CERT_RESUME_NOT_ALLOWED',
  'OUTBOX_ITEM_NOT_FOUND',
  'OUTBOX_ITEM_SENT',
  'AUDIT_LEDGER_KEY_INVALID',
  'AUDIT_LEDGER_BROKEN',
  'AUDIT_ARCHIVE_INDEX_INVALID',
  'CUSTODY_PERIOD_INVALID',
  'CUSTODY_NO_CUSTODIAN',
  'CUSTODY_STAND_IN_INVALID',
  'CUSTODY_APPROVER_IS_PARTY',
  'CUSTODY_ALREADY_DELEGATED',
  'CUSTODY_NONE',
  'CUSTODY_OUTSIDE_PERIOD',
  'CUSTODY_RETURNED',
  'CUSTODY_STAND_IN_ABSENT',
  'AUDIT_LEDGER_BUSY',
  'PRINT_FAILED',
  'APPROVER_NOT_LISTED',
  'DOCUMENT_ALREADY_APPROVED',
  'DOCUMENT_ALREADY_SEALED',
  'CENTER_SUBMISSION_AMBIGUOUS',
  'ATTACHMENT_NAME_TOO_LONG',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values substituted into the catalog message, e.g. the remaining PIN tries. */
export type ErrorParams = Record<string, string | number | null>;

/** An error as it crosses a boundary; `shared/error-schema.ts` parses it where it is read. */
export interface WireError {
  code: ErrorCode;
  params: ErrorParams;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
  }

  toWire(): WireError {
    return { code: this.code, params: this.params };
  }
}

/** Anything thrown that is neither an AppError nor a file system's refusal is a bug; it crosses boundaries as INTERNAL. */
export function toWireError(error: unknown): WireError {
  if (error instanceof AppError) return error.toWire();
  return fileSystemError(error)?.toWire() ?? { code: 'INTERNAL', params: {} };
}

/** What the operating system says of a file or folder the user chose: the disk's or the setup's fault, not a bug. */
const FILE_SYSTEM_ERRORS: Readonly<Record<string, ErrorCode>> = {
  ENOSPC: 'DISK_FULL',
  EDQUOT: 'DISK_FULL',
  EACCES: 'FILE_ACCESS_DENIED',
  EPERM: 'FILE_ACCESS_DENIED',
  EROFS: 'FILE_ACCESS_DENIED',
  ENOENT: 'FILE_NOT_FOUND',
  ENOTDIR: 'FILE_NOT_FOUND',
};

/** The errno name of a Node system error (ENOSPC, EACCES…), or null for anything else. */
export function systemErrorCode(error: unknown): string | null {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/** A file system's refusal as its typed error, naming `path` (else the path the system reported); null if it is none. */
export function fileSystemError(error: unknown, path?: string): AppError | null {
  const mapped = FILE_SYSTEM_ERRORS[systemErrorCode(error) ?? ''];
  if (mapped === undefined) return null;
  const reported = (error as { path?: unknown }).path;
  return new AppError(mapped, { path: path ?? (typeof reported === 'string' ? reported : '') }, { cause: error });
}

export function fromWireError(wire: WireError): AppError {
  return new AppError(wire.code, wire.params);
}
