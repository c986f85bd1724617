import { z } from 'zod';

export const PIN_STATES = ['ok', 'toBeChanged', 'countLow', 'finalTry', 'locked'] as const;
export const PinStateSchema = z.enum(PIN_STATES);
export type PinState = z.infer<typeof PinStateSchema>;

export const TokenSchema = z.object({
  /** Stable across re-plugging: the token serial number. */
  serial: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  slotDescription: z.string(),
  flags: z.number().int().nonnegative(),
  pinStates: z.array(PinStateSchema),
  loggedIn: z.boolean(),
  protectedAuthenticationPath: z.boolean(),
  minPinLength: z.number().int(),
  maxPinLength: z.number().int(),
  /** Last PIN change through SealDesk on this computer, or when it first saw the token; null where not tracked. */
  pinChangedAt: z.string().nullable(),
});
export type Token = z.infer<typeof TokenSchema>;

export const SerialSchema = z.string().min(1).max(64);
/** PINs are bounded so a malformed message cannot push megabytes into the module. */
export const PinSchema = z.string().min(1).max(64);

const PIN_ROTATION_DAYS = 90;

/** The regulations ask for PINs to be rotated; a reminder is due three months after the last change. */
export function pinRotationDue(token: Token, now = Date.now()): boolean {
  return token.pinChangedAt !== null && now - Date.parse(token.pinChangedAt) > PIN_ROTATION_DAYS * 86_400_000;
}
