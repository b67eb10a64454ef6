// Whether the customer's consent can reach the customer: the customer contact's e-mail must belong to the customer
// tenant (docs/domain.md, "Product rule (consent)"), or the partner could type its own address, stay silent through the
// opt-out window and make the association official without the customer ever knowing. Pure: the Graph lookup of the
// e-mail's domain is done at the edge (bot/teams/dialogs/fieldChecks.ts) and passed in as a DomainLookup.
// Imports nothing: the claim record (claim.ts) keeps a ContactCheck, so reading the claim here through its own
// narrow view keeps the two apart.

/**
 * How the customer contact's e-mail was found to belong to the customer tenant, kept on the claim:
 * - tenantMatched: Graph resolves its domain to the claimed customer tenant;
 * - customerDomain: without Graph, it is the customer domain or a subdomain of it;
 * - lookupFailed: Graph did not answer when it was entered;
 * - otherTenant: Graph resolves its domain to another tenant, or to none (an edit);
 * - outsideDomain: without Graph, neither the customer domain nor a subdomain (an edit);
 * - partnerDomain: on the partner's own domains (an edit, or a claim stored before the check);
 * - notChecked: never checked (a claim stored before the check, on another domain than the customer's).
 * Only the first two are verified: the others are flagged to the reviewer, who must say they checked the contact.
 */
export type ContactCheck = 'tenantMatched' | 'customerDomain' | 'lookupFailed' | 'otherTenant' | 'outsideDomain' | 'partnerDomain' | 'notChecked';

export const VERIFIED_CONTACT_CHECKS: readonly ContactCheck[] = ['tenantMatched', 'customerDomain'];

/** Why an address is refused when it is entered. */
export type ContactProblem = 'partnerDomain' | 'otherTenant' | 'outsideDomain';

/** What Graph said of the e-mail's domain: the tenant that owns it (undefined: none), no answer, or not asked. */
export type DomainLookup = { tenantId: string | undefined } | 'failed' | 'notConfigured';

/** The domain of an e-mail address, lower-cased, without a trailing dot ('' when there is none). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase()
        .replace(/\.$/, '');
}

/** `domain` is `parent` or one of its subdomains (mail.contoso.com is within contoso.com; notcontoso.com is not). */
export function withinDomain(domain: string, parent: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const p = parent.toLowerCase().replace(/\.$/, '');
  return Boolean(p) && (d === p || d.endsWith(`.${p}`));
}

/** The partner's own domains: those of the addresses known to be the partner's (its contact, the user's UPN). */
export function partnerDomains(addresses: readonly (string | undefined)[]): string[] {
  return [...new Set(addresses.map((a) => emailDomain(a ?? '')).filter(Boolean))];
}

/** Where an address is, before any lookup: on the partner's domains, on the customer's, or elsewhere. */
export function contactPlace(email: string, customerDomain: string, partners: readonly string[]): 'partnerDomain' | 'customerDomain' | 'otherDomain' {
  const domain = emailDomain(email);
  // The partner's domains first: a customer domain that is the partner's own proves nothing.
  if (partners.some((p) => withinDomain(domain, p))) return 'partnerDomain';
  return withinDomain(domain, customerDomain) ? 'customerDomain' : 'otherDomain';
}

export interface ContactFacts {
  email: string;
  customerDomain: string;
  customerTenantId: string;
  /** The partner's own domains (partnerDomains). */
  partners: readonly string[];
  lookup: DomainLookup;
}

/**
 * The verdict on a customer contact's e-mail as it is entered for a new claim: refused (with why) or the check it
 * keeps. An address on the partner's domains is refused whatever Graph says; with Graph the domain must resolve to
 * the claimed tenant, without it the address must be on the customer domain; a lookup that failed is let through
 * and flagged.
 */
export function judgeContact(facts: ContactFacts): { ok: true; check: ContactCheck } | { ok: false; problem: ContactProblem } {
  const place = contactPlace(facts.email, facts.customerDomain, facts.partners);
  if (place === 'partnerDomain') return { ok: false, problem: 'partnerDomain' };
  if (facts.lookup === 'failed') return { ok: true, check: 'lookupFailed' };
  if (facts.lookup === 'notConfigured') return place === 'customerDomain' ? { ok: true, check: 'customerDomain' } : { ok: false, problem: 'outsideDomain' };
  const owner = facts.lookup.tenantId?.toLowerCase();
  return owner === facts.customerTenantId.toLowerCase() ? { ok: true, check: 'tenantMatched' } : { ok: false, problem: 'otherTenant' };
}

/**
 * The check an edit keeps: an edit is not refused for its contact (the claim is already with the reviewers), so
 * what would be refused for a new claim is kept as a flag instead.
 */
export function judgeEditedContact(facts: ContactFacts): ContactCheck {
  const verdict = judgeContact(facts);
  return verdict.ok ? verdict.check : verdict.problem;
}

/** What the consent rules read of a claim (or of fields about to be stored). */
export interface ContactView {
  customerContact?: { email: string };
  customerDomain?: string;
  partnerContact?: { email: string };
  contactCheck?: ContactCheck;
}

/**
 * The check a claim has: the one made when its contact was entered, unless the claim as stored puts the contact on
 * its partner contact's domain; a claim stored without one is judged by the domains alone.
 */
export function contactCheckOf(claim: ContactView): ContactCheck {
  const place = contactPlace(claim.customerContact?.email ?? '', claim.customerDomain ?? '', partnerDomains([claim.partnerContact?.email]));
  if (place === 'partnerDomain') return 'partnerDomain';
  if (claim.contactCheck) return claim.contactCheck;
  return place === 'customerDomain' ? 'customerDomain' : 'notChecked';
}

/** The reviewer must say they checked the customer contact before approving: it could not be verified. */
export const contactNeedsReview = (claim: ContactView): boolean => !VERIFIED_CONTACT_CHECKS.includes(contactCheckOf(claim));
