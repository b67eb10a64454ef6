// The string catalogue: every user-facing text, one file per language with the same keys (en.ts, it.ts) — the
// chat, the partner messages, the customer's e-mail and the opt-out page. It lives in services/ so that bot/ and
// services/ both read it and dependencies keep pointing one way (bot/ → services/, never back). The troubleshooting
// topics stay data files (bot/topics/*.json).
import { en, type Strings } from './en';
import { it } from './it';

export type { Strings };
export type Language = 'en' | 'it';

export const allLanguages: Record<Language, Strings> = { en, it };

/** Italian for it / it-IT / it-CH…, English for everything else (and when Teams sends no locale). */
export function languageOf(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('it') ? 'it' : 'en';
}

/**
 * A customer's language, from their domain (customers are not users of the bot: no locale): Italian for a domain
 * ending in `.it` (any case, trailing dot allowed), otherwise English. The e-mail and the opt-out page both use it.
 */
export function languageOfDomain(customerDomain: string | undefined): Language {
  return /\.it\.?$/i.test((customerDomain ?? '').trim()) ? 'it' : 'en';
}

export function stringsFor(locale: string | undefined): Strings {
  return allLanguages[languageOf(locale)];
}
