/**
 * A holder's name as a guesser types it in Latin letters: 张三 as zhangsan, ZhangSan, zhang_san,
 * zhāngsān or zhang1san1. The PIN rules refuse a PIN containing any of these forms.
 */

/** Combining tone marks after NFD, and the tone number each stands for (the neutral tone has none). */
const TONE_NUMBERS: Readonly<Record<string, string>> = { '\u0304': '1', '\u0301': '2', '\u030C': '3', '\u0300': '4' };
const TONE_MARK = /[\u0304\u0301\u030C\u0300]/gu;

/** Forms shorter than this would refuse PINs for sharing a syllable with any name ("an", "yi"). */
const MIN_FORM_LENGTH = 4;

/**
 * Separators people put between surname and given name (the middle dot · and ’ among them); they are
 * left out before comparing. Escaped: the Node bundles are ASCII (build/bundle-node.mjs).
 */
export const NAME_SEPARATORS = /[\s_.\-\u00b7'\u2019]/gu;

/**
 * Tone digits as people type them after a syllable (1–4, and 0 or 5 for the neutral tone), on any
 * syllable and not always the right tone: zhang3san, zhang1san1. Left out before comparing, so one
 * form without digits stands for them all.
 */
export const TONE_DIGITS = /(?<=\p{L})[0-5]/gu;

/**
 * Every form of a name to refuse, lower case, from its readings: one syllable per character with
 * its tone mark, surname first, as a pinyin library gives them (张三 → ['zhāng', 'sān']). Surname and
 * given name in either order, without tones, with tone marks and with tone numbers; ü also as v and u.
 */
export function pinyinNameForms(readings: readonly string[]): string[] {
  const syllables = readings.map((r) => r.trim().toLowerCase().normalize('NFD')).filter((r) => r !== '');
  if (syllables.length === 0) return [];
  const toneless = syllables.map((s) => s.replace(TONE_MARK, '').normalize('NFC'));
  const numbered = syllables.map((s, i) => `${toneless[i] ?? ''}${TONE_NUMBERS[s.match(TONE_MARK)?.[0] ?? ''] ?? ''}`);
  const marked = syllables.map((s) => s.normalize('NFC'));
  const forms = [toneless, numbered, marked].flatMap((parts) => [parts.join(''), [...parts.slice(1), parts[0]].join('')]);
  const spelled = forms.flatMap((form) => [form, form.replaceAll('ü', 'v'), form.replaceAll('ü', 'u')]);
  return [...new Set(spelled)].filter((form) => form.length >= MIN_FORM_LENGTH);
}
