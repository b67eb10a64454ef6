// Maps what a user typed (or a card button's command, verb command) to a command, in every language at once: an
// Italian user typing "help" is understood too. The phrases live with the other strings of each language.
import { allLanguages, type Strings } from '../../services/strings';

export type CommandName = keyof Strings['commands'];

export function normalise(text: string): string {
  const words = text.toLowerCase().replace(/\s+/g, ' ').trim();
  // "What can you do?" is "what can you do", but a lone "?" stays a command of its own.
  return words.replace(/^[\s.!,;:?¿¡]+|[\s.!,;:?]+$/g, '') || words;
}

export function recognizeCommand(text: string): CommandName | undefined {
  const said = normalise(text);
  for (const strings of Object.values(allLanguages)) {
    for (const [name, phrases] of Object.entries(strings.commands) as [CommandName, string[]][]) {
      if (phrases.some((p) => normalise(p) === said)) return name;
    }
  }
  return undefined;
}
