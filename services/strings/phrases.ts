// The phrases of every language (strings' `phrases`) as one regular-expression alternation: what people type is
// recognised in any language, whatever their locale, and a new language's phrases count once its catalogue has them.
import { allLanguages, type Strings } from './index';

type Phrases = Strings['phrases'];

/** Every language's fragments for one kind of phrase, as `a|b|c` (longest first, so "tenant id" wins over "tenant"). */
export function anyLanguage(pick: (phrases: Phrases) => readonly string[]): string {
  const all = Object.values(allLanguages).flatMap((s) => pick(s.phrases));
  return [...new Set(all)].sort((a, b) => b.length - a.length).join('|');
}
