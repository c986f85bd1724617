/** 居民身份证号码 per GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence, mod 11-2 check. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** GB/T 2260 province-level prefixes (incl. 71 Taiwan, 81/82 Hong Kong and Macao residence permits). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

export type IdCardProblem = 'shape' | 'region' | 'birthDate' | 'checkDigit';

/** Why the number is not a valid ID number (null when valid); `today` bounds the birth date. */
export function idCardProblem(value: string, today: Date = new Date()): IdCardProblem | null {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'shape';
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return 'region';
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  const real = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!real || year < 1900 || birth.getTime() > today.getTime()) return 'birthDate';
  return checkDigit(id.slice(0, 17)) === id.charAt(17) ? null : 'checkDigit';
}

export function checkDigit(body: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + Number(body.charAt(i)) * weight, 0);
  return CHECK.charAt(sum % 11);
}
