// Editing a claim that keeps its state (Draft, Submitted, Partner action required): who may, what an edit keeps of
// the claim, and where the claim goes once the edit is saved.
import { slotKeys, withProof, type Actor, type Claim, type ClaimFields, type ProofOfExecution } from './claim';
import type { ContactCheck } from './consent';
import { KEEPING_STATE, type ClaimAction, type Refusal } from './lifecycle';
import { cardsNotice, hasCards } from './notices';
import type { Party } from './policy';

/** An edit as the partner saves it: the claim's fields, and a proof of execution (a new one goes beside the others). */
export interface EditInput {
  fields: ClaimFields;
  poe?: ProofOfExecution;
  /** The customer contact's check as the edit found it (consent.ts judgeEditedContact); absent: the claim's own. */
  contactCheck?: ContactCheck;
  actor: Actor;
  party: Party;
  at: Date;
  /** The version the edit was opened at: someone acted since, and the edit is refused as stale. */
  expectedVersion: number;
}

/** Why an edit may not be saved now (the first failing check), or undefined. */
export function editRefusal(claim: Claim, input: Pick<EditInput, 'party' | 'expectedVersion'>): Refusal | undefined {
  if (!KEEPING_STATE.edit.by.includes(input.party)) return { kind: 'forbidden' };
  if (claim.version !== input.expectedVersion) return { kind: 'stale' };
  if (!KEEPING_STATE.edit.in.includes(claim.status)) return { kind: 'notAllowed', status: claim.status };
  return undefined;
}

/** The claim's per-workload outcomes that still apply after an edit to `fields`; undefined when none do. */
function outcomesKept(claim: Claim, fields: EditInput['fields']): Claim['slotOutcomes'] {
  if (!claim.slotOutcomes || fields.customerTenantId !== claim.customerTenantId) return undefined;
  const keys = new Set(slotKeys(fields));
  const kept = Object.entries(claim.slotOutcomes).filter(([key]) => keys.has(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * An edit saved, in the state it was made in: the new fields, a new proof of execution beside the earlier ones, the
 * history entry, and a new version, so a card showing the old fields is known to be out of date; the cards posted
 * or opened are refreshed (a Submitted claim's review card shows what the partner changed). Pure.
 */
export function applyEdit(claim: Claim, input: EditInput): { ok: true; claim: Claim } | { ok: false; refusal: Refusal } {
  const refusal = editRefusal(claim, input);
  if (refusal) return { ok: false, refusal };
  const at = input.at.toISOString();
  const edited: Claim = {
    ...claim,
    ...input.fields,
    ...(input.poe ? withProof(claim, input.poe) : {}),
    ...(input.contactCheck ? { contactCheck: input.contactCheck } : {}),
    version: claim.version + 1,
    updatedAt: at,
    history: [...claim.history, { at, by: input.actor, action: 'edit', from: claim.status, to: claim.status }],
  };
  if (!input.fields.technicalContact) delete edited.technicalContact;
  // What became of a workload belongs to that workload on that customer: one the edit removes (or a new customer
  // tenant) takes its outcome with it, or a hold nothing would ever resume would block the approval for good.
  const outcomes = outcomesKept(claim, input.fields);
  if (outcomes) edited.slotOutcomes = outcomes;
  else delete edited.slotOutcomes;
  if (hasCards(edited)) edited.notices = [...claim.notices, cardsNotice(edited, at)];
  return { ok: true, claim: edited };
}

/**
 * Where a saved edit takes the claim: a Draft that now has its proof of execution is submitted; in "Partner action
 * required" the edit is the answer; otherwise (a Draft without proof, a Submitted claim) it stays where it is.
 */
export function actionAfterEdit(claim: Pick<Claim, 'status' | 'poe'>): Extract<ClaimAction, 'submit' | 'partnerRespond'> | undefined {
  if (claim.status === 'Draft') return claim.poe ? 'submit' : undefined;
  return claim.status === 'PartnerActionRequired' ? 'partnerRespond' : undefined;
}

/** The comment an answer made by editing records (the answer is the edit itself). */
export const EDIT_ANSWER_COMMENT = 'Claim edited';
