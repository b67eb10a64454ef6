// What the dialog checks as soon as it can, rather than at the submit: the customer contact's consent reach, and
// the conflicts of the slots claimed. Shared by the question loop and the sentence intake.
import { MessageFactory, type TurnContext } from 'botbuilder';
import { cardAttachment } from '../../../cards';
import type { ClaimFields } from '../../../services/domain/claim';
import type { Strings } from '../../../services/strings';
import { clearGroup, conflictKey, contactKey, withAnswer, type ClaimDraft, type TenantAnswer } from './claimDraft';
import { checkAnswer, judgeDraftContact } from './fieldChecks';
import { strings, type NewClaimDeps } from './newClaimSteps';

/** What the partner is told of the domain-tenant check once the tenant is taken. */
export const tenantCheckText = (s: Strings, check: TenantAnswer['check']): string =>
  ({ matched: s.claim.tenantMatches, notChecked: s.claim.tenantCheckedOnReview, lookupFailed: s.validation.lookupUnavailable })[check];

/**
 * Once the customer contact's e-mail, the customer domain and tenant are known (and again when one of them, or the
 * partner's domains, change), whether the customer's consent can reach the customer: an address that cannot be
 * the customer's is said why and the contact asked again; one Graph could not look up goes on, flagged for the
 * reviewer. An edit is judged when it is saved.
 */
export async function consentEarly(context: TurnContext, draft: ClaimDraft, deps: NewClaimDeps): Promise<ClaimDraft> {
  const key = contactKey(draft);
  if (!key || key === draft.contactChecked || draft.editOf) return draft;
  const s = strings(context);
  const judged = await judgeDraftContact(draft, deps, s);
  if (!judged) return draft;
  if (!judged.ok) {
    await context.sendActivity(judged.message);
    return clearGroup(draft, 'customerContact');
  }
  if (judged.check === 'lookupFailed') await context.sendActivity(s.consent.lookupFailed);
  return { ...draft, contactCheck: judged.check, contactChecked: key };
}

/**
 * As soon as the customer tenant, the activity and the workloads (or subscription) are known, what a claim on them
 * would meet: a duplicate is said now, with its Open button, and what is claimed is asked again; a competing claim
 * is noted. Each set of slots is checked once.
 */
export async function conflictsEarly(context: TurnContext, draft: ClaimDraft, deps: NewClaimDeps): Promise<ClaimDraft> {
  const key = conflictKey(draft);
  if (!key || key === draft.conflictsChecked || draft.editOf) return draft;
  const s = strings(context);
  const found = await deps.claims.conflictsOf(draft.partnerTenantId, draft.fields as ClaimFields, draft.claimId);
  if (found.duplicate) {
    const d = found.duplicate;
    await context.sendActivity(
      MessageFactory.attachment(
        cardAttachment('claimConflict', {
          text: s.claimForm.duplicateEarly(d.name, d.id, s.statuses[d.status]),
          open: { title: s.claimForm.openClaim(d.id), claimId: d.id, partnerTenantId: draft.partnerTenantId },
        }),
      ),
    );
    return clearGroup(draft, 'coverage');
  }
  if (found.competing) await context.sendActivity(s.claimForm.competingEarly);
  return { ...draft, conflictsChecked: key };
}

/** Both early checks, in order. */
export async function checkEarly(context: TurnContext, draft: ClaimDraft, deps: NewClaimDeps): Promise<ClaimDraft> {
  return conflictsEarly(context, await consentEarly(context, draft, deps), deps);
}

/**
 * A tenant already held when the domain is answered (said in a sentence before any domain, or a domain changed
 * while editing) is matched against the new domain: a mismatch is said and the tenant asked again.
 */
export async function recheckTenant(context: TurnContext, draft: ClaimDraft, deps: NewClaimDeps): Promise<ClaimDraft> {
  const s = strings(context);
  const result = await checkAnswer('customerTenantId', draft.fields.customerTenantId ?? '', deps, s, { domain: draft.fields.customerDomain });
  if (!result.ok) {
    await context.sendActivity(result.message);
    const fields = { ...draft.fields };
    delete fields.customerTenantId;
    return { ...draft, fields, tenantCheck: undefined };
  }
  const { check } = result.value as TenantAnswer;
  if (check !== draft.tenantCheck) {
    await context.sendActivity(tenantCheckText(s, check));
  }
  return withAnswer(draft, 'customerTenantId', result.value);
}
