import { createContext, useContext } from 'react';
import { errorMessage, translate, type MessageKey, type MessageParams } from '../../shared/i18n/index.ts';
import { toWireError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/model/settings.ts';

export const LocaleContext = createContext<Locale>('zh-CN');

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  /** The catalog message for anything thrown: typed errors by code, anything else as INTERNAL. */
  error(error: unknown): string;
}

export function useT(): Translator {
  const locale = useContext(LocaleContext);
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    error: (error) => errorMessage(locale, toWireError(error)),
  };
}
