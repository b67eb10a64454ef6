import { en, type Strings } from './strings/en';
import { it } from './strings/it';

export type { Strings };
export type Language = 'en' | 'it';

/** Italian for it / it-IT / it-CH…, English for everything else (and when Teams sends no locale). */
export function languageOf(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('it') ? 'it' : 'en';
}

export function stringsFor(locale: string | undefined): Strings {
  return languageOf(locale) === 'it' ? it : en;
}

export const allLanguages: Record<Language, Strings> = { en, it };
