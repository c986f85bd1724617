/**
 * The pinyin of a Chinese name, one syllable per character with its tone mark and the surname's
 * reading for surname characters (张三 → ['zhāng', 'sān'], 单雄信 → ['shàn', …]), for the PIN rule
 * against names in pinyin. Any name can be a holder's, so only a maintained dictionary will do.
 *
 * TODO(#27): no pinyin library is installed (a short character table would miss most names). Once
 * `pinyin-pro` is added, this becomes:
 *   if (!/\p{Script=Han}/u.test(name)) return null;
 *   return pinyin(name, { type: 'array', toneType: 'symbol', surname: 'head' });
 * and the to-do test "a Chinese holder name is also known in pinyin" in holder-facts.test.ts passes: it reads
 * from the certificate. Until then a Chinese name is refused as written and from its e-mail name.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- TODO(#27): read by pinyin-pro once it is installed
export function nameReadings(_name: string): readonly string[] | null {
  return null;
}
