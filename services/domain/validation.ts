// The rules a claim's values are checked by: each normalises a raw answer or returns an error code (the bot turns
// codes into messages in the user's language). Which field uses which rule, and the whole-claim check, are in
// fields.ts.
import { ACTIVITIES, type Activity, type Catalogue, type SolutionArea } from './claim';
import { matchCatalogue } from './fuzzyMatch';

export type ValidationError =
  | 'required'
  | 'tooLong'
  | 'partnerIdFormat'
  | 'domainFormat'
  | 'guidFormat'
  | 'emailFormat'
  | 'unknownWorkload'
  | 'unknownProduct'
  | 'activityNotAllowed'
  | 'nameTooShort';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ValidationError; detail?: string };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: ValidationError, detail?: string): Result<T> => ({ ok: false, error, detail });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Every input's bound, in one table (issue 19). Field lengths are in characters, checked by each field's validator
 * (the message names the limit); the rest in bytes of UTF-8 JSON, checked where the input comes in or goes out.
 */
export const LIMITS = {
  name: 100,
  text: 100,
  comments: 2000,
  email: 254,
  /** DNS' own limit. */
  domain: 253,
  /** Answers for a Partner ID (4 to 10 digits) or a GUID: anything longer is not a mistyped one. */
  partnerId: 20,
  guid: 64,
  /** The workloads answer: a list of names or numbers. */
  workloads: 500,
  product: 200,
  /** Files in one message: a proof of execution is one file. */
  files: 1,
  /** Inputs in one card action's data (Action.Execute / Action.Submit), and their size. */
  cardInputs: 40,
  cardInputBytes: 32 * 1024,
  /** One conversation's state (dialogs, the form's values): far under what Cosmos keeps, refused before it is written. */
  conversationStateBytes: 256 * 1024,
  /** One Adaptive Card the bot sends: Teams refuses a message over about 28 KB. */
  cardBytes: 28 * 1024,
  /** One stored document: Azure Cosmos DB's item limit (the local store refuses larger ones the same way). */
  itemBytes: 2 * 1024 * 1024,
} as const;

/** A raw answer longer than any good one: refused before any other check (a fuzzy match on 300 KB costs). */
const tooLong = <T>(raw: string, max: number): Result<T> | undefined => (raw.trim().length > max ? fail('tooLong', String(max)) : undefined);

export function text(raw: string, opts: { min?: number; max?: number } = {}): Result<string> {
  const value = raw.replace(/\s+/g, ' ').trim();
  if (!value) return fail('required');
  if (value.length < (opts.min ?? 1)) return fail('nameTooShort', String(opts.min));
  if (value.length > (opts.max ?? LIMITS.text)) return fail('tooLong', String(opts.max ?? LIMITS.text));
  return ok(value);
}

/** Partner location Partner ID (formerly MPN ID): digits only. */
export function partnerId(raw: string): Result<string> {
  const long = tooLong<string>(raw, LIMITS.partnerId);
  if (long) return long;
  const value = raw.trim();
  if (!value) return fail('required');
  return /^\d{4,10}$/.test(value) ? ok(value) : fail('partnerIdFormat');
}

/** A DNS domain such as contoso.com or contoso.onmicrosoft.com, lower-cased. */
export function domain(raw: string): Result<string> {
  const long = tooLong<string>(raw, LIMITS.domain);
  if (long) return long;
  const value = raw.trim().toLowerCase().replace(/\.$/, '');
  if (!value) return fail('required');
  const labels = value.split('.');
  const valid = value.length <= 253 && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(labels[labels.length - 1]);
  return valid ? ok(value) : fail('domainFormat');
}

/**
 * The domain in what a person pasted for one: a web address (https://www.contoso.com/about → contoso.com) or an
 * e-mail address (jane@contoso.com → contoso.com); anything else is returned as it is, for domain() to judge.
 */
export function domainOf(raw: string): string {
  const value = raw.trim();
  const email = /^(?:mailto:)?[^\s@]+@([^\s@/]+)$/i.exec(value);
  if (email) return email[1];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^[^\s/]+\/\S*$/.test(value)) return value;
  try {
    const host = new URL(/:\/\//.test(value) ? value : `https://${value}`).hostname;
    return host.replace(/^www\./i, '') || value;
  } catch {
    return value;
  }
}

/** A tenant or subscription id: a GUID, lower-cased, with or without braces. */
export function guid(raw: string): Result<string> {
  const long = tooLong<string>(raw, LIMITS.guid);
  if (long) return long;
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/^\{(.*)\}$/, '$1');
  if (!value) return fail('required');
  return GUID.test(value) && value !== '00000000-0000-0000-0000-000000000000' ? ok(value) : fail('guidFormat');
}

export function email(raw: string): Result<string> {
  const value = raw.trim().replace(/^mailto:/i, '');
  if (!value) return fail('required');
  if (value.length > LIMITS.email) return fail('tooLong', String(LIMITS.email));
  return /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}$/i.test(value) ? ok(value) : fail('emailFormat');
}

export function activityFor(area: SolutionArea, activity: string): Result<Activity> {
  return (ACTIVITIES[area] as readonly string[]).includes(activity) ? ok(activity as Activity) : fail('activityNotAllowed');
}

/**
 * Picks from a catalogue by 1-based number, name, a name people use for it or a small typo of either
 * (fuzzyMatch.ts); an ambiguous answer picks nothing.
 */
function fromCatalogue(raw: string, list: readonly string[]): string | undefined {
  const said = raw.trim();
  if (/^\d+$/.test(said)) return list[Number(said) - 1];
  return matchCatalogue(said, list)?.value;
}

/** "Teams and Exchange", "Teams e SharePoint", "Teams & EXO": the pieces of a part no entry is called. */
const AND = /\s+(?:and|e|ed)\s+|\s*[&+]\s*/i;

/** One or more Microsoft 365 workloads: names or numbers separated by commas, semicolons, new lines or "and". */
export function workloads(raw: string, catalogue: Catalogue): Result<string[]> {
  const long = tooLong<string[]>(raw, LIMITS.workloads);
  if (long) return long;
  const parts = raw
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return fail('required');
  const picked: string[] = [];
  for (const part of parts) {
    const whole = fromCatalogue(part, catalogue.workloads);
    const pieces = whole
      ? [part]
      : part
          .split(AND)
          .map((p) => p.trim())
          .filter(Boolean);
    for (const piece of pieces) {
      const match = whole ?? fromCatalogue(piece, catalogue.workloads);
      if (!match) return fail('unknownWorkload', piece);
      if (!picked.includes(match)) picked.push(match);
    }
  }
  return ok(catalogue.workloads.filter((w) => picked.includes(w)));
}

export function product(raw: string, catalogue: Catalogue): Result<string> {
  const long = tooLong<string>(raw, LIMITS.product);
  if (long) return long;
  if (!raw.trim()) return fail('required');
  const match = fromCatalogue(raw, catalogue.products);
  return match ? ok(match) : fail('unknownProduct', raw.trim());
}

export function comments(raw: string): Result<string> {
  const value = raw.trim();
  return value.length > LIMITS.comments ? fail('tooLong', String(LIMITS.comments)) : ok(value);
}
