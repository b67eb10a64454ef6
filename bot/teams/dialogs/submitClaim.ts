// Submitting a claim written in the dialog, as a use case: the new claim stored once (its id makes the submit
// idempotent), or an edit saved after every answer is checked again. It returns what to tell the partner and
// whether the dialog is done; it never talks to the conversation itself.
import { judgeDraftContact } from './fieldChecks';
import { heldSlots, type ClaimFields } from '../../../services/domain/claim';
import { slotLabels } from '../../../services/domain/competition';
import { contactNeedsReview, VERIFIED_CONTACT_CHECKS } from '../../../services/domain/consent';
import { validateClaim } from '../../../services/domain/fields';
import type { TurnContext } from 'botbuilder';
import { stringsFor, type Strings } from '../../../services/strings';
import { notDoneText } from '../invokeResponses';
import { contactKey, type ClaimDraft } from './claimDraft';
import type { NewClaimDeps } from './newClaimSteps';

/** Who submits, and where from (the conversation the claim's notices go back to). */
export interface Submitter {
  actor: { id: string; name: string; aadObjectId?: string };
  locale?: string;
  origin: { serviceUrl: string; conversationId: string; botId?: string };
}

/** What to say; `done: false` when the partner must fix something first (the summary is shown again). */
export interface SubmitOutcome {
  text: string;
  done: boolean;
}

/** Stores the claim (or the edit). */
export function submitDraft(draft: ClaimDraft, who: Submitter, deps: NewClaimDeps, s: Strings): Promise<SubmitOutcome> {
  return draft.editOf ? saveEdit(draft, who, deps, s) : createClaim(draft, who, deps, s);
}

async function createClaim(draft: ClaimDraft, who: Submitter, deps: NewClaimDeps, s: Strings): Promise<SubmitOutcome> {
  const result = await deps.claims.create({
    id: draft.claimId,
    partnerTenantId: draft.partnerTenantId,
    fields: draft.fields as ClaimFields,
    poe: draft.poe,
    submit: true,
    actor: who.actor,
    locale: who.locale,
    origin: who.origin,
    partnerName: await deps.partnerNames.nameOf(draft.partnerTenantId),
    tenantCheck: draft.tenantCheck,
    contactCheck: draft.contactCheck,
  });
  switch (result.kind) {
    case 'created':
    case 'alreadyCreated': {
      const { claim } = result;
      if (result.kind === 'created') deps.deliverNotices(claim);
      const lines = [claim.status === 'Draft' ? s.claim.savedDraft(claim.id) : s.claim.submitted(claim.id, deps.claims.policy.optOutBusinessDays)];
      if (result.kind === 'alreadyCreated') lines.splice(0, 1, s.claim.alreadySubmitted(claim.id, s.statuses[claim.status]));
      if (claim.competing) lines.push(s.claim.competing);
      // Another organisation's approval already holds some of its workloads: said now, with what it means.
      const held = heldSlots(claim);
      if (held.length > 0) lines.push(s.partnerNotices.hold(claim.name, claim.id, slotLabels(claim, held).join(', ')));
      return { text: lines.join('\n\n'), done: true };
    }
    case 'duplicate':
      return { text: s.claim.duplicate(result.existing.name, result.existing.id, s.statuses[result.existing.status]), done: true };
    case 'inProgress':
      return { text: s.claim.inProgress, done: true };
  }
}

async function saveEdit(draft: ClaimDraft, who: Submitter, deps: NewClaimDeps, s: Strings): Promise<SubmitOutcome> {
  // The stored answers may predate a rule or catalogue change: everything is checked again, as at creation.
  const problems = validateClaim(draft.fields as ClaimFields, deps.catalogue);
  if (problems.length > 0) return { text: s.manage.invalidEdit(problems.join('; ')), done: false };
  // Judged again as it is saved, unless it was verified on what it still is (the contact, the customer domain and
  // tenant, the partner's domains): a name edited while Graph is down does not un-verify a verified contact. What
  // cannot be verified is flagged to the reviewer rather than refused.
  const unchanged = contactKey(draft) === draft.contactChecked && VERIFIED_CONTACT_CHECKS.includes(draft.contactCheck ?? 'notChecked');
  const judged = unchanged ? undefined : await judgeDraftContact(draft, deps, s);
  const contactCheck = unchanged ? draft.contactCheck : judged?.ok ? judged.check : undefined;
  const result = await deps.claims.saveEdit(
    { partnerTenantId: draft.partnerTenantId, id: draft.claimId },
    {
      fields: draft.fields as ClaimFields,
      poe: draft.poe,
      contactCheck,
      actor: who.actor,
      // Only an Incentives admin reaches an edit (checked when the Edit button is clicked).
      party: 'incentivesAdmin',
      expectedVersion: draft.editOf?.version ?? 0,
    },
  );
  switch (result.kind) {
    case 'done': {
      deps.deliverNotices(result.claim);
      const flagged = contactNeedsReview(result.claim) ? [s.consent.editFlagged] : [];
      return { text: [s.manage.edited(result.claim.id, s.statuses[result.claim.status]), ...flagged].join('\n\n'), done: true };
    }
    case 'duplicate':
      return { text: s.claim.duplicate(result.existing.name, result.existing.id, s.statuses[result.existing.status]), done: false };
    default:
      return { text: notDoneText(result, deps.clock.now(), deps.claims.policy, s).text, done: true };
  }
}

/** The submit from a conversation: who and where from the activity, the outcome said there; false: not done. */
export async function submitInChat(context: TurnContext, draft: ClaimDraft, deps: NewClaimDeps): Promise<boolean> {
  const { activity } = context;
  const who: Submitter = {
    actor: { id: activity.from.id, name: activity.from.name ?? draft.me.name, aadObjectId: activity.from.aadObjectId },
    locale: activity.locale,
    origin: { serviceUrl: activity.serviceUrl, conversationId: activity.conversation.id, botId: activity.recipient?.id },
  };
  const outcome = await submitDraft(draft, who, deps, stringsFor(activity.locale));
  await context.sendActivity(outcome.text);
  return outcome.done;
}
