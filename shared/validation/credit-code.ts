/** 统一社会信用代码 per GB 32100-2015: 18 characters from a 31-symbol alphabet, the last a mod-31 check. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function isValidCreditCode(code: string): boolean {
  if (!SHAPE.test(code)) return false;
  return withCheckCharacter(code.slice(0, 17)) === code;
}

/** Finds a valid code inside free text such as an OU or serialNumber attribute ("USCC:91110000…"). */
export function findCreditCode(text: string): string | null {
  for (const candidate of text.toUpperCase().match(/[0-9A-Z]{18}/g) ?? []) {
    if (isValidCreditCode(candidate)) return candidate;
  }
  return null;
}

/** Completes a 17-character body with its check character (used to mint demo and test identities). */
export function withCheckCharacter(body: string): string {
  const sum = WEIGHTS.reduce((total, weight, index) => total + ALPHABET.indexOf(body.charAt(index)) * weight, 0);
  return body + ALPHABET.charAt((31 - (sum % 31)) % 31);
}
