// One answer checked by the question it answers, with its input's rule in the field schema (services/domain/fields.ts):
// the step-by-step dialog and the one-card form both check here, so a value refused by one is refused by the other
// with the same message.
import type { Catalogue } from '../../../services/domain/claim';
import * as validate from '../../../services/domain/validation';
import type { GraphGateway } from '../../../services/graph';
import type { Logger } from '../../../services/logger';
import type { Strings } from '../../../services/strings';
import { contactFieldProblem } from '../../../services/domain/contactLine';
import { INPUTS, isInputId } from '../../../services/domain/fields';
import { normalise } from '../commands';
import { draftPartnerDomains, type ClaimDraft, type Question, type TenantAnswer } from './claimDraft';
import { contactPlace, emailDomain, judgeContact, judgeEditedContact, type ContactCheck, type DomainLookup } from '../../../services/domain/consent';

export interface FieldCheckDeps {
  catalogue: Catalogue;
  graph?: GraphGateway;
  log: Logger;
}

export type CheckResult = { ok: true; value: unknown; note?: string } | { ok: false; message: string };

/** "none" / "nessuna" for the comments: no comments. */
const saidNone = (raw: string, s: Strings) => s.words.none.some((w) => normalise(w) === normalise(raw));

/** The rule of a typed answer: its input's in the field schema; an answer without one is free text. */
function ruleOf(question: Question, raw: string, catalogue: Catalogue, s: Strings): validate.Result<unknown> {
  if (!isInputId(question)) return validate.text(raw);
  return INPUTS[question].input.rule(question === 'comments' && saidNone(raw, s) ? '' : raw, catalogue);
}

/** A contact's name or job title may not be (or hold) an e-mail address ("Nina North, CIO, nina@…"). */
function contactTextProblem(question: Question, raw: string) {
  const part = isInputId(question) ? INPUTS[question].input.part : undefined;
  return part === 'name' || part === 'title' ? contactFieldProblem(part, raw) : undefined;
}

/**
 * Checks one answer. `domain` is the customer domain already given (the tenant id is matched against it through
 * Graph when Graph is configured). A pasted URL or e-mail for the domain is taken as its domain, with a note saying so.
 */
export async function checkAnswer(question: Question, raw: string, deps: FieldCheckDeps, s: Strings, known: { domain?: string } = {}): Promise<CheckResult> {
  const contactProblem = contactTextProblem(question, raw);
  if (contactProblem) return { ok: false, message: s.contact[contactProblem] };
  const result = ruleOf(question, raw, deps.catalogue, s);
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
