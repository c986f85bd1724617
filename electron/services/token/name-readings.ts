import { pinyin } from 'pinyin-pro';

/**
 * The pinyin of a Chinese name, one syllable per character with its tone mark and the surname's
 * reading for surname characters (张三 → ['zhāng', 'sān'], 单雄信 → ['shàn', …]), for the PIN rule
 * against names in pinyin. Any name can be a holder's, so only a full dictionary will do (pinyin-pro).
 */
export function nameReadings(name: string): readonly string[] | null {
  if (!/\p{Script=Han}/u.test(name)) return null;
  return pinyin(name, { type: 'array', toneType: 'symbol', surname: 'head' });
}
