// A contact as people write it on one line: "Nina North, CIO, nina@northwind.com", in any order, separated by
// commas, semicolons or line breaks ("Nina North <nina@northwind.com>" and "title: CIO" work too). Pure: it splits
// the line into name, job title and e-mail, and says what it cannot take; the answers' own rules (validation.ts)
// judge each part afterwards. The words it knows are in services/strings' `phrases`.
import { anyLanguage } from '../strings/phrases';

export type ContactPart = 'name' | 'title' | 'email';

export type ContactParts = Partial<Record<ContactPart, string>>;

export type ContactProblem = 'nameIsEmail' | 'titleIsEmail' | 'twoEmails' | 'tooManyParts' | 'empty';

export type ParsedContact = { ok: true; parts: ContactParts } | { ok: false; problem: ContactProblem };

/** An e-mail address anywhere in a text. */
const EMAIL_IN = /[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[a-z]{2,}/i;

const PARTS: readonly ContactPart[] = ['name', 'title', 'email'];

/** "name: …", "titolo = …", "e-mail: …": a part that says which it is (the labels of every language, strings' phrases). */
const LABELLED = new RegExp(`^(${anyLanguage((p) => PARTS.flatMap((part) => p.contactLabels[part]))})\\s*[:=]\\s*(.*)$`, 'i');

const LABEL_PART: [RegExp, ContactPart][] = PARTS.map((part) => [new RegExp(`^(?:${anyLanguage((p) => p.contactLabels[part])})$`, 'i'), part]);

/** "Nina North <nina@northwind.com>": a name and an address in one part. */
const NAME_AND_ADDRESS = /^(.*?)\s*<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+)\s*>$/i;

/**
 * Words job titles are made of, in every language: a part holding one is the title whatever its place. A name
 * holding one ("Nina Director") is rare; the order then decides (name first).
 */
const TITLE_WORDS = new RegExp(`\\b(?:${anyLanguage((p) => p.titleWords)})\\b`, 'i');

export const holdsEmail = (text: string): boolean => EMAIL_IN.test(text);

export const looksLikeTitle = (text: string): boolean => TITLE_WORDS.test(text);

/** A name or a job title may not be (or hold) an e-mail address: the e-mail has its own field. */
export function contactFieldProblem(part: 'name' | 'title', value: string): ContactProblem | undefined {
  if (!holdsEmail(value)) return undefined;
  return part === 'name' ? 'nameIsEmail' : 'titleIsEmail';
}

/**
 * Splits one line into the contact's parts. `known` is what the contact already has: a lone part without a label
 * or a title word answers the first part still missing ("Jane Doe", then "Sales", then "jane@contoso.com"; a lone
 * "Jane" when only the e-mail is missing is a wrong e-mail, not a new name). `withTitle: false`: a contact without a
 * job title (the partner contact).
 */
export function parseContactLine(text: string, known: ContactParts = {}, { withTitle = true }: { withTitle?: boolean } = {}): ParsedContact {
  const pieces = text
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (pieces.length === 0) return { ok: false, problem: 'empty' };
  const parts: ContactParts = {};
  const unlabelled: string[] = [];
  const put = (part: ContactPart, value: string): ContactProblem | undefined => {
    if (part === 'email' && parts.email) return 'twoEmails';
    if (part !== 'email') {
      const problem = contactFieldProblem(part, value);
      if (problem) return problem;
    }
    parts[part] = value;
    return undefined;
  };
  for (const piece of pieces) {
    const labelled = LABELLED.exec(piece);
    const both = NAME_AND_ADDRESS.exec(piece);
    let problem: ContactProblem | undefined;
    if (labelled) {
      const part = LABEL_PART.find(([label]) => label.test(labelled[1].trim()))?.[1] ?? 'name';
      problem = put(part, labelled[2].trim());
    } else if (both) {
      problem = put('email', both[2]) ?? (both[1] ? put('name', both[1].replace(/^"|"$/g, '')) : undefined);
    } else if (piece.includes('@')) {
      problem = put('email', piece.replace(/^mailto:/i, ''));
    } else {
      unlabelled.push(piece);
    }
    if (problem) return { ok: false, problem };
  }
  const open = (withTitle ? (['name', 'title'] as const) : (['name'] as const)).filter((part) => !parts[part]);
  if (unlabelled.length > Math.max(open.length, 1)) return { ok: false, problem: 'tooManyParts' };
  if (unlabelled.length === 1) {
    const missing = (withTitle ? (['name', 'title', 'email'] as const) : (['name', 'email'] as const)).filter((part) => !known[part] && !parts[part]);
    const [piece] = unlabelled;
    const part = missing.includes('title') && looksLikeTitle(piece) ? 'title' : (missing[0] ?? open[0]);
    if (!part) return { ok: false, problem: 'tooManyParts' };
    parts[part] = piece;
  } else if (unlabelled.length === 2) {
    assignNameAndTitle(unlabelled as [string, string], parts);
  }
  return { ok: true, parts };
}

/** Name and title without labels: a title word marks the title; otherwise the order (name first). */
function assignNameAndTitle(pieces: [string, string], parts: ContactParts): void {
  // "CIO, Nina North" is read as the title first.
  const [first, second] = pieces;
  const swapped = looksLikeTitle(first) && !looksLikeTitle(second);
  parts.name = swapped ? second : first;
  parts.title = swapped ? first : second;
}
