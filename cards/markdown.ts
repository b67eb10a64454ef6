// Text typed by people, shown on cards: inert for Adaptive Cards' Markdown.
/**
 * Text typed by a person, made inert for the card's Markdown: a partner must not be able to put a link or
 * emphasis on a reviewer's card ("[Download PoE](https://phish)").
 */
export function md(text: string): string {
  return text
    .replace(/([\\`*_[\]])/g, '\\$1') // emphasis, code, and the brackets every link needs
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3') // a line that would become a list item
    .replace(/^(\s*)(\d+)\.(\s)/gm, '$1$2\\.$3');
}
