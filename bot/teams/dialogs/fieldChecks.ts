// One answer checked by the question it answers: the single table of rules the step-by-step dialog and the one-card
// form both use, so a value refused by one is refused by the other with the same message.
import type { Catalogue } from '../../../services/domain/claim';
import * as validate from '../../../services/domain/validation';
import type { GraphGateway } from '../../../services/graph';
import type { Logger } from '../../../services/logger';
import type { Strings } from '../../../services/strings';
import { contactFieldProblem } from '../../../services/domain/contactLine';
import { normalise } from '../commands';
import { draftPartnerDomains, type ClaimDraft, type Question, type TenantAnswer } from './claimDraft';
import { contactPlace, emailDomain, judgeContact, judgeEditedContact, type ContactCheck, type DomainLookup } from '../../../services/domain/consent';

export interface FieldCheckDeps {
  catalogue: Catalogue;
  graph?: GraphGateway;
  log: Logger;
}

export type CheckResult = { ok: true; value: unknown; note?: string } | { ok: false; message: string };

/** The questions answered by typing (or by a form input of the same name), with their validators. */
const RULES: Partial<Record<Question, (raw: string, catalogue: Catalogue, s: Strings) => validate.Result<unknown>>> = {
  partnerId: validate.partnerId,
  customerDomain: (r) => validate.domain(validate.domainOf(r)),
  customerTenantId: validate.guid,
  subscriptionId: validate.guid,
  workloads: (r, catalogue) => validate.workloads(r, catalogue),
  product: (r, catalogue) => validate.product(r, catalogue),
  customerName: (r) => validate.text(r, { min: 2 }),
  customerTitle: (r) => validate.text(r),
  customerEmail: validate.email,
  technicalName: (r) => validate.text(r, { min: 2 }),
  technicalTitle: (r) => validate.text(r),
  technicalEmail: validate.email,
  partnerName: (r) => validate.text(r, { min: 2 }),
  partnerEmail: validate.email,
  name: (r) => validate.text(r, { min: 3, max: validate.LIMITS.name }),
  comments: (r, _c, s) => validate.comments(s.words.none.some((w) => normalise(w) === normalise(r)) ? '' : r),
};

/** The contacts' names and job titles: none may be (or hold) an e-mail address ("Nina North, CIO, nina@…"). */
const CONTACT_FIELDS: Partial<Record<Question, 'name' | 'title'>> = {
  customerName: 'name',
  customerTitle: 'title',
  technicalName: 'name',
  technicalTitle: 'title',
  partnerName: 'name',
};

/**
 * Checks one answer. `domain` is the customer domain already given (the tenant id is matched against it through
 * Graph when Graph is configured). A pasted URL or e-mail for the domain is taken as its domain, with a note saying so.
 */
export async function checkAnswer(question: Question, raw: string, deps: FieldCheckDeps, s: Strings, known: { domain?: string } = {}): Promise<CheckResult> {
  const contactField = CONTACT_FIELDS[question];
  const contactProblem = contactField && contactFieldProblem(contactField, raw);
  if (contactProblem) return { ok: false, message: s.contact[contactProblem] };
  const result = RULES[question]?.(raw, deps.catalogue, s) ?? validate.text(raw);
  if (!result.ok) return { ok: false, message: validationMessage(s, result.error, result.detail) };
  if (question === 'customerTenantId') return checkTenant(result.value as string, known.domain, deps, s);
  if (question === 'customerDomain' && validate.domainOf(raw) !== raw.trim()) {
    return { ok: true, value: result.value, note: s.claimForm.domainTrimmed(result.value as string) };
  }
  return result;
}

/** Domain-tenant match through Graph when it is configured; otherwise it is checked on review. */
async function checkTenant(tenantId: string, domain: string | undefined, deps: FieldCheckDeps, s: Strings): Promise<CheckResult> {
  if (!deps.graph || !domain) return { ok: true, value: { tenantId, check: 'notChecked' } satisfies TenantAnswer };
  try {
    const owner = await deps.graph.findTenantIdByDomain(domain);
    if (!owner) return { ok: false, message: s.validation.unknownDomain(domain) };
    if (owner.toLowerCase() !== tenantId) return { ok: false, message: s.validation.domainTenantMismatch(domain) };
    return { ok: true, value: { tenantId, check: 'matched' } satisfies TenantAnswer };
  } catch (err) {
    deps.log.warn({ err }, 'domain lookup failed; the match is left to the reviewer');
    return { ok: true, value: { tenantId, check: 'lookupFailed' } satisfies TenantAnswer };
  }
}

/** What Graph says of a domain (the edge of services/domain/consent.ts): its tenant, none, no answer, or not asked. */
async function lookupDomain(domain: string, deps: FieldCheckDeps): Promise<DomainLookup> {
  if (!deps.graph) return 'notConfigured';
  try {
    return { tenantId: await deps.graph.findTenantIdByDomain(domain) };
  } catch (err) {
    deps.log.warn({ err }, "the customer contact's domain could not be looked up; the reviewer must check the contact");
    return 'failed';
  }
}

export type ContactJudgement = { ok: true; check: ContactCheck } | { ok: false; message: string };

/**
 * The draft's customer contact judged (services/domain/consent.ts) once its e-mail, the customer domain and tenant
 * are known (undefined before): for a new claim, refused with the message saying why, or the check it keeps; for
 * an edit, always the check (what could not be verified is flagged to the reviewer, never refused).
 */
export async function judgeDraftContact(draft: ClaimDraft, deps: FieldCheckDeps, s: Strings): Promise<ContactJudgement | undefined> {
  const f = draft.fields;
  const email = f.customerContact?.email;
  if (!email || !f.customerDomain || !f.customerTenantId) return undefined;
  const partners = draftPartnerDomains(draft);
  // An address on the partner's own domains needs no lookup: it is refused (flagged in an edit) whoever owns it.
  // One on the very domain Graph already matched to the tenant needs none either.
  const place = contactPlace(email, f.customerDomain, partners);
  const lookup: DomainLookup =
    place === 'partnerDomain'
      ? 'notConfigured'
      : draft.tenantCheck === 'matched' && emailDomain(email) === f.customerDomain
        ? { tenantId: f.customerTenantId }
        : await lookupDomain(emailDomain(email), deps);
  const facts = { email, customerDomain: f.customerDomain, customerTenantId: f.customerTenantId, partners, lookup };
  if (draft.editOf) return { ok: true, check: judgeEditedContact(facts) };
  const verdict = judgeContact(facts);
  return verdict.ok ? verdict : { ok: false, message: s.consent[verdict.problem](email, f.customerDomain) };
}

export function validationMessage(s: Strings, error: validate.ValidationError, detail = ''): string {
  const message = s.validation[error];
  return typeof message === 'function' ? message(detail) : message;
}
