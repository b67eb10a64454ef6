// A claim said in one sentence ("claim contoso.com 8a8e3d2c-… for Teams and Exchange, partner id 4567890", or in
// Italian; the words it knows are in services/strings' `phrases`): every value it recognises, each checked with the dialog's own validators, so the dialog only asks
// what is missing. Pure: the dialog decides what to confirm and what to ask.
import { ACTIVITIES, type Activity, type Catalogue, type SolutionArea } from './claim';
import { domain as validDomain, domainOf, email as validEmail, guid as validGuid, partnerId as validPartnerId } from './validation';
import { DEFAULT_ALIASES, matchCatalogue, normaliseName } from './fuzzyMatch';
import type { Strings } from '../strings';
import { anyLanguage } from '../strings/phrases';

export interface SentenceFields {
  solutionArea?: SolutionArea;
  activity?: Activity;
  partnerId?: string;
  customerDomain?: string;
  customerTenantId?: string;
  workloads?: string[];
  product?: string;
  subscriptionId?: string;
  customerEmail?: string;
  partnerEmail?: string;
  technicalEmail?: string;
}

/** Verbs that make a sentence a new claim, in any language, at its start. */
const CLAIM_START = new RegExp(`^\\s*(?:(?:${anyLanguage((p) => p.please)})\\s+)?(?:${anyLanguage((p) => p.claimVerbs)})\\b`, 'i');

const GUID_RE = /\{?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\}?/gi;
const EMAIL_RE = /(?:mailto:)?[^\s@<>()[\],;:"']+@[^\s@<>()[\],;:"']+\.[a-z]{2,}/gi;
const URL_RE = /\bhttps?:\/\/([^\s/?#]+)[^\s]*/gi;
const DOMAIN_RE = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]\b/gi;

/** A label just before a value ("subscription 1234…", "contatto cliente a@b.it"), its colon or equals sign optional. */
const labelBefore = (pick: (p: Strings['phrases']['labels']) => readonly string[], tail = '') =>
  new RegExp(`\\b(?:${anyLanguage((p) => pick(p.labels))})\\s*[:=]?\\s*${tail}$`, 'i');

/** What the words just before a value say it is. */
const LABELS = {
  subscription: labelBefore((l) => l.subscription),
  tenant: labelBefore((l) => l.tenant),
  partnerId: labelBefore((l) => l.partnerId, `(?:(?:${anyLanguage((p) => p.is)})\\s+)?`),
  customer: labelBefore((l) => l.customer),
  technical: labelBefore((l) => l.technical),
  partner: labelBefore((l) => l.partner),
};

const PHONE_BEFORE = new RegExp(`(?:\\b(?:${anyLanguage((p) => p.phone)})\\b[\\s:.]*|\\+\\d[\\d\\s]*)$`, 'i');

const wordsOf = (fragments: string) => new RegExp(`\\b(?:${fragments})\\b`, 'i');

const ACTIVITY_WORDS: [Activity, RegExp][] = (['presales', 'revenueAssociation', 'usage'] as const).map((a) => [
  a,
  wordsOf(anyLanguage((p) => p.activities[a])),
]);

const AREA_WORDS: [SolutionArea, RegExp][] = (['businessApplications', 'microsoft365'] as const).map((a) => [a, wordsOf(anyLanguage((p) => p.areas[a]))]);

interface Found {
  value: string;
  /** The text just before it, for its label. */
  before: string;
}

/** Takes every match of `re` out of `text` (blanked with spaces, so the other values' labels stay in place). */
function take(text: string, re: RegExp, pick: (m: RegExpMatchArray) => string = (m) => m[0]): { rest: string; found: Found[] } {
  const found: Found[] = [];
  let rest = text;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    found.push({ value: pick(m), before: text.slice(Math.max(0, at - 40), at) });
    rest = rest.slice(0, at) + ' '.repeat(m[0].length) + rest.slice(at + m[0].length);
  }
  return { rest, found };
}

/**
 * The catalogue entries named in a text: the longest runs of words that name one (by name, alias or a small typo),
 * left to right, so "Exchange Online and Teams" is two workloads and "Dynamics 365 Sales" one product.
 */
export function namedEntries(text: string, entries: readonly string[]): string[] {
  const words = normaliseName(text).split(' ').filter(Boolean);
  const named: string[] = [];
  for (let i = 0; i < words.length;) {
    let step = 1;
    for (let n = Math.min(6, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      // One short word is named only exactly (a typo of "bc" or "mail" is just another word).
      const match = matchCatalogue(phrase, entries, DEFAULT_ALIASES);
      if (match && (match.kind !== 'typo' || phrase.length >= 6)) {
        if (!named.includes(match.value)) named.push(match.value);
        step = n;
        break;
      }
    }
    i += step;
  }
  return named;
}

/**
 * The claim values a sentence carries, or undefined when it is not a claim (it must start like one, "claim …",
 * "nuova associazione …", and carry at least one value beyond the verb).
 */
export function parseClaimSentence(text: string, catalogue: Catalogue): SentenceFields | undefined {
  const start = CLAIM_START.exec(text);
  // "claim rejected for contoso.com?" is a question about a claim (troubleshooting), not a new one.
  if (!start || /\?\s*$/.test(text)) return undefined;
  let rest = text.slice(start[0].length);
  const fields: SentenceFields = {};

  const guids = take(rest, GUID_RE);
  rest = guids.rest;
  const ids = guids.found.map((g) => ({ ...g, value: validGuid(g.value) })).filter((g) => g.value.ok);
  const bySubscriptionLabel = ids.find((g) => LABELS.subscription.test(g.before));
  const byTenantLabel = ids.find((g) => g !== bySubscriptionLabel && LABELS.tenant.test(g.before));
  const tenant = byTenantLabel ?? ids.find((g) => g !== bySubscriptionLabel);
  const subscription = bySubscriptionLabel ?? ids.find((g) => g !== tenant);
  if (tenant?.value.ok) fields.customerTenantId = tenant.value.value;
  if (subscription?.value.ok) fields.subscriptionId = subscription.value.value;

  const emails = take(rest, EMAIL_RE);
  rest = emails.rest;
  // A pasted address is its domain, as the dialog takes it (https://www.contoso.com/about -> contoso.com).
  const urls = take(rest, URL_RE);
  rest = urls.rest;
  const domains = take(rest, DOMAIN_RE);
  rest = domains.rest;
  const domainFound = [...urls.found, ...domains.found].map((d) => validDomain(domainOf(d.value))).find((d) => d.ok);
  if (domainFound?.ok) fields.customerDomain = domainFound.value;

  for (const found of emails.found) {
    const address = validEmail(found.value);
    if (!address.ok) continue;
    const value = address.value;
    const inCustomerDomain = fields.customerDomain !== undefined && value.toLowerCase().endsWith(`@${fields.customerDomain}`);
    if (LABELS.technical.test(found.before)) fields.technicalEmail ??= value;
    else if (LABELS.customer.test(found.before) || (!LABELS.partner.test(found.before) && inCustomerDomain)) fields.customerEmail ??= value;
    // Unlabelled, and no customer domain to tell the two apart: whose it is, the dialog asks.
    else if (LABELS.partner.test(found.before) || fields.customerDomain) fields.partnerEmail ??= value;
  }
  // No domain said, but a customer's e-mail address: its domain is the customer's.
  if (!fields.customerDomain && fields.customerEmail) {
    const fromEmail = validDomain(fields.customerEmail.split('@')[1]);
    if (fromEmail.ok) fields.customerDomain = fromEmail.value;
  }

  const numbers = take(rest, /\b\d{4,10}\b/g);
  rest = numbers.rest;
  const labelled = numbers.found.find((n) => LABELS.partnerId.test(n.before));
  // One number alone may be the Partner ID, unless it is a phone number ("phone 5551234", "+39 333 1234567").
  const lone = numbers.found.length === 1 && numbers.found[0].value.length >= 6 && !PHONE_BEFORE.test(numbers.found[0].before) ? numbers.found[0] : undefined;
  const pid = validPartnerId((labelled ?? lone)?.value ?? '');
  if (pid.ok) fields.partnerId = pid.value;

  const workloads = namedEntries(rest, catalogue.workloads);
  const products = namedEntries(rest, catalogue.products);
  if (workloads.length && !products.length) {
    fields.solutionArea = 'microsoft365';
    fields.workloads = workloads;
  } else if (products.length === 1 && !workloads.length) {
    fields.solutionArea = 'businessApplications';
    fields.product = products[0];
  } else {
    const named = AREA_WORDS.find(([, re]) => re.test(rest));
    if (named) fields.solutionArea = named[0];
  }
  // A subscription belongs to Business Applications only: not a Microsoft 365 claim's field.
  if (fields.solutionArea === 'microsoft365') delete fields.subscriptionId;

  const said = ACTIVITY_WORDS.find(([, re]) => re.test(rest))?.[0];
  const allowed = fields.solutionArea ? ACTIVITIES[fields.solutionArea] : undefined;
  if (allowed?.length === 1) fields.activity = allowed[0];
  else if (said && (!allowed || allowed.includes(said))) fields.activity = said;

  return Object.keys(fields).length ? fields : undefined;
}
