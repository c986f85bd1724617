/** A store passphrase shorter than this is refused when the store is made (it alone protects drafts in the web shell). */
export const MIN_PASSPHRASE_CHARS = 10;

/** Characters as a person counts them: 口令 is 2, not the UTF-16 units. */
export function passphraseLength(passphrase: string): number {
  return [...passphrase].length;
}

/** What is wrong with a new passphrase and its repetition, checked as they are typed; null when it can be set. */
export function newPassphraseProblem(
  passphrase: string,
  repeat: string,
): { kind: 'tooShort'; missing: number } | { kind: 'mismatch' } | null {
  const length = passphraseLength(passphrase);
  if (length < MIN_PASSPHRASE_CHARS) return { kind: 'tooShort', missing: MIN_PASSPHRASE_CHARS - length };
  return passphrase === repeat ? null : { kind: 'mismatch' };
}
