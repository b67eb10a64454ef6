// Maps what a user typed (or a button sent as text) to a command, in every language at once: an Italian user typing
// "help" is understood too, and so is "new asociation" (a small typo, as fuzzyMatch.ts forgives them). The phrases
// live with the other strings of each language.
import { allLanguages, type Language, type Strings } from '../../services/strings';
import { matchesPhrase } from '../../services/domain/fuzzyMatch';

export type CommandName = keyof Strings['commands'];

export function normalise(text: string): string {
  const words = text.toLowerCase().replace(/\s+/g, ' ').trim();
  // "What can you do?" is "what can you do", but a lone "?" stays a command of its own.
  return words.replace(/^[\s.!,;:?¿¡]+|[\s.!,;:?]+$/g, '') || words;
}

/** The command choosing each language ("language english", "lingua"…): a language without one does not compile. */
export const LANGUAGE_COMMANDS = { en: 'english', it: 'italian' } as const satisfies Record<Language, CommandName>;

/** The language a command chooses; undefined for any other command. */
export function languageOfCommand(command: CommandName): Language | undefined {
  return (Object.keys(LANGUAGE_COMMANDS) as Language[]).find((language) => LANGUAGE_COMMANDS[language] === command);
}

const PHRASES: [CommandName, string[]][] = Object.values(allLanguages).flatMap((strings) =>
  (Object.entries(strings.commands) as [CommandName, string[]][]).map(([name, phrases]) => [name, phrases.map(normalise)] as [CommandName, string[]]),
);

/**
 * The command a text is: an exact phrase of any language first; otherwise the one command a phrase of is a small
 * typo away (none when two commands are equally close: asking is better than doing the wrong thing). In the middle
 * of a dialog only exact phrases count (`typos: false`): there a text is first an answer, and "Expert" is a job
 * title, not "export", nor "Pasta" a "basta".
 */
export function recognizeCommand(text: string, { typos = true }: { typos?: boolean } = {}): CommandName | undefined {
  const said = normalise(text);
  const exact = PHRASES.find(([, phrases]) => phrases.includes(said));
  if (exact) return exact[0];
  if (!typos) return undefined;
  const close = new Set(PHRASES.filter(([, phrases]) => matchesPhrase(said, phrases)).map(([name]) => name));
  return close.size === 1 ? [...close][0] : undefined;
}
