import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import { TrueTypeFont } from './truetype.ts';

/** TrueType-outline CJK fonts that ship with the systems units use (CFF fonts such as Noto CJK cannot be subset here). */
const CANDIDATES = [
  'C:\\Windows\\Fonts\\simsun.ttc',
  'C:\\Windows\\Fonts\\simhei.ttf',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/wps-office/simsun.ttf',
  '/System/Library/Fonts/Supplemental/Songti.ttc',
  '/Library/Fonts/Arial Unicode.ttf',
];

let cached: TrueTypeFont | undefined;

/** The CJK font for appearances: SEALDESK_CJK_FONT when set, else the first system font found. */
export function cjkFont(env: NodeJS.ProcessEnv = process.env): TrueTypeFont {
  if (cached !== undefined) return cached;
  const configured = env['SEALDESK_CJK_FONT'];
  for (const path of configured ? [configured] : CANDIDATES) {
    if (!existsSync(path)) continue;
    try {
      const font = new TrueTypeFont(readFileSync(path));
      // 印 and the digits of a date: a font lacking either cannot write an appearance.
      if (font.glyphId(0x5370) === 0 || font.glyphId(0x30) === 0) continue;
      cached = font;
      return font;
    } catch {
      continue;
    }
  }
  throw new AppError('FONT_MISSING', { detail: configured ?? CANDIDATES.join(', ') });
}
