// Forgiving matches for what people type: catalogue names by the names people use for them ("Teams", "EXO",
// "sharepoint") and with small typos ("Micrsoft Teams"). Pure: the dialog, the card form, the sentence parser and
// the command recogniser all ask here, so "forgiving" means the same thing everywhere.

/** How an answer was matched: by the exact name, by a name people use for it, or despite a typo (say so). */
export type MatchKind = 'name' | 'alias' | 'typo';

export interface CatalogueMatch {
  value: string;
  kind: MatchKind;
}

/**
 * Names people use for the default catalogues' entries, beyond the ones derived from the name itself (see
 * `derivedAliases`). Keyed by the catalogue's spelling; entries not in the configured catalogue are ignored.
 */
export const DEFAULT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Not "mail" or "e-mail": in "customer e-mail anna@contoso.com" that is a label, not Exchange.
  'Exchange Online': ['exo', 'exchange'],
  'SharePoint Online': ['spo', 'sharepoint'],
  'OneDrive for Business': ['onedrive', 'odb', 'od4b', 'one drive'],
  'Microsoft Teams': ['teams', 'ms teams', 'msteams'],
  'Microsoft 365 Apps': ['m365 apps', 'office', 'office apps', 'microsoft 365 apps for enterprise', 'office 365 proplus'],
  Intune: ['microsoft intune', 'endpoint manager', 'mem'],
  'Microsoft Entra ID P1/P2': ['entra', 'entra id', 'azure ad', 'aad', 'azure active directory', 'entra id p1', 'entra id p2'],
  'Windows Enterprise': ['windows', 'windows e3', 'windows e5'],
  'Microsoft Defender': ['defender', 'mde', 'mdo', 'defender for endpoint', 'defender for office 365'],
  'Microsoft Purview': ['purview', 'mip'],
  'Dynamics 365 Sales': ['d365 sales', 'dynamics sales', 'crm'],
  'Dynamics 365 Customer Service': ['d365 customer service', 'd365 cs'],
  'Dynamics 365 Field Service': ['d365 field service', 'd365 fs'],
  'Dynamics 365 Finance': ['d365 finance', 'd365 fin'],
  'Dynamics 365 Supply Chain Management': ['supply chain', 'scm', 'd365 scm'],
  'Dynamics 365 Business Central': ['business central', 'd365 bc', 'bc'],
  'Power Apps': ['powerapps'],
  'Power Automate': ['powerautomate', 'flow', 'microsoft flow'],
};

/** Lower case, punctuation that people vary on ("MS-Teams", "power_apps") as spaces, one space between words. */
export function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-_.,;:'"()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Names a configured entry is also known by without anyone listing them: without its vendor prefix or its
 * "Online" / "for Business" suffix ("Exchange Online" → "exchange", "Dynamics 365 Sales" → "sales", "d365 sales").
 * A derived name shorter than 4 letters is dropped: too likely to be another word.
 */
export function derivedAliases(name: string): string[] {
  const base = normaliseName(name);
  const forms = new Set<string>();
  const stripped = base.replace(/^(microsoft 365|microsoft|dynamics 365|ms)\s+/, '').replace(/\s+(online|for business)$/, '');
  forms.add(stripped);
  if (/^dynamics 365\s/.test(base)) forms.add(base.replace(/^dynamics 365/, 'd365'));
  forms.add(base.replace(/\s+/g, ''));
  forms.delete(base);
  return [...forms].filter((form) => form.length >= 4);
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions: "Tesm" is one slip from "Team"),
 * giving up early once it exceeds `max` (returns max + 1).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/** Typos forgiven for a word of this length: none under 5 letters (too many real words are that close), then 1, then 2. */
export function typoAllowance(length: number): number {
  if (length < 5) return 0;
  return length < 10 ? 1 : 2;
}

/** Every spelling of every entry: the name, the listed aliases, the derived ones. */
function spellings(catalogue: readonly string[], aliases: Readonly<Record<string, readonly string[]>>): [string, string, MatchKind][] {
  return catalogue.flatMap((entry) => [
    [normaliseName(entry), entry, 'name'] as [string, string, MatchKind],
    ...[...(aliases[entry] ?? []), ...derivedAliases(entry)].map((alias) => [normaliseName(alias), entry, 'alias'] as [string, string, MatchKind]),
  ]);
}

/**
 * The catalogue entry an answer means: its name (any case), a name people use for it, or either with a small typo.
 * Ambiguous answers (two entries equally close, or one spelling shared by two entries) match nothing: asking again
 * is better than guessing wrong.
 */
export function matchCatalogue(
  input: string,
  catalogue: readonly string[],
  aliases: Readonly<Record<string, readonly string[]>> = DEFAULT_ALIASES,
): CatalogueMatch | undefined {
  const said = normaliseName(input);
  if (!said) return undefined;
  const all = spellings(catalogue, aliases);
  for (const kind of ['name', 'alias'] as const) {
    const entries = new Set(all.filter(([spelling, , k]) => k === kind && spelling === said).map(([, entry]) => entry));
    if (entries.size === 1) return { value: [...entries][0], kind };
    if (entries.size > 1) return undefined;
  }
  const allowance = typoAllowance(said.length);
  if (allowance === 0) return undefined;
  let best = allowance + 1;
  let found = new Set<string>();
  for (const [spelling, entry] of all) {
    if (typoAllowance(spelling.length) === 0) continue;
    const distance = editDistance(said, spelling, Math.min(best, allowance));
    if (distance < best) {
      best = distance;
      found = new Set([entry]);
    } else if (distance === best && distance <= allowance) found.add(entry);
  }
  return found.size === 1 ? { value: [...found][0], kind: 'typo' } : undefined;
}

/** Whether a typed phrase is one of the given phrases, allowing the same small typos as the catalogues. */
export function matchesPhrase(said: string, phrases: readonly string[]): 'exact' | 'typo' | undefined {
  if (phrases.includes(said)) return 'exact';
  const allowance = typoAllowance(said.length);
  if (allowance === 0) return undefined;
  return phrases.some((phrase) => typoAllowance(phrase.length) > 0 && editDistance(said, phrase, allowance) <= allowance) ? 'typo' : undefined;
}
