import type { Locale } from '../../../shared/model/settings.ts';

/** The language of a process started from a terminal (the CLI, the web shell's console): SEALDESK_LANG, then the locale. */
export function environmentLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const lang = env['SEALDESK_LANG'] ?? env['LC_ALL'] ?? env['LANG'] ?? '';
  return lang.startsWith('en') ? 'en' : 'zh-CN';
}
