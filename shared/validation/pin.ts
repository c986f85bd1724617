/**
 * The unit's PIN rules (the regulations ask for a changed initial PIN that is hard to guess). Shared so
 * the change form can say what is wrong while the user types; the service enforces the same rules.
 */
import { AppError, type ErrorCode } from '../errors.ts';
import { NAME_SEPARATORS, TONE_DIGITS } from './pinyin.ts';

export const PIN_MIN_LENGTH = 8;

export type PinRule = 'tooShort' | 'lettersAndDigits' | 'personal' | 'reused';

/** What a guesser knows about the holder, read from the certificates on the token. */
export interface HolderFacts {
  /** As written (张三), from e-mail addresses, and in pinyin (see pinyinNameForms). */
  names: readonly string[];
  idNumbers: readonly string[];
  phones: readonly string[];
}

const RULE_ERRORS: Record<PinRule, ErrorCode> = {
  tooShort: 'PIN_RULE_TOO_SHORT',
  lettersAndDigits: 'PIN_RULE_LETTERS_DIGITS',
  personal: 'PIN_RULE_PERSONAL',
  reused: 'PIN_RULE_REUSED',
};

/** Throws the first broken rule as its error; the form shows them all, a command line one at a time. */
export function assertPinRules(pin: string, facts: HolderFacts, previous?: string): void {
  const [first] = pinRuleViolations(pin, facts, previous);
  if (first !== undefined) throw new AppError(RULE_ERRORS[first], { minLength: PIN_MIN_LENGTH });
}

export const NO_FACTS: HolderFacts = { names: [], idNumbers: [], phones: [] };

/** The rules `pin` breaks, in the order the form lists them; empty when it may be used. */
export function pinRuleViolations(pin: string, facts: HolderFacts, previous?: string): PinRule[] {
  const broken: PinRule[] = [];
  if (pin.length < PIN_MIN_LENGTH) broken.push('tooShort');
  if (!/[A-Za-z]/.test(pin) || !/\d/.test(pin)) broken.push('lettersAndDigits');
  // zhang_san, Zhang-San and zhang3san hide the name no better than zhangsan.
  const lower = pin.toLowerCase();
  const joined = lower.replace(NAME_SEPARATORS, '');
  const readings = [lower, joined, joined.replace(TONE_DIGITS, '')];
  if (guessableParts(facts).some((part) => readings.some((reading) => reading.includes(part)))) broken.push('personal');
  if (previous !== undefined && pin === previous) broken.push('reused');
  return broken;
}

/** Fragments people build PINs from: the name, the ID number and its tail, the birthday, the phone and its tail. */
function guessableParts(facts: HolderFacts): string[] {
  const parts = [
    ...facts.names.filter((name) => name.length >= 2),
    ...facts.idNumbers.flatMap((id) => [id, id.slice(-6), id.slice(6, 14), id.slice(8, 14)]),
    ...facts.phones.flatMap((phone) => [phone, phone.slice(-8)]),
  ];
  return parts.map((part) => part.toLowerCase());
}
