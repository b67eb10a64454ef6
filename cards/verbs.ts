// The verbs card buttons carry (Action.Execute) and, for each, the payload it sends: a zod schema that checks the
// untrusted data at the boundary and gives its handler a typed value (z.output). A verb is declared once here, by its
// schema; the bot's verb table must have a handler for each (a missing one does not compile).
import { z } from 'zod';

/** A card's text value (a button's data, or an input's). */
const text = z.string();
/** The claim's version the card was made from: a number, or its digits when a template wrote it as a string. */
const version = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
/** A toggle's or a flag's value: true / false, or the toggle's "true" / "false". */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
/** A filter input: a choice set's value, or a toggle's. */
const filterInput = z.union([z.string(), z.boolean()]).optional();

/**
 * command: `text` is a command (help, new association, submit…); choice: `text` answers the question the card asks;
 * form: `field` names the form and the card's inputs carry the answer. `prompt` is the card's question (the click is
 * answered with "question ✓ answer"); `title` the button's. The card's inputs come along (kept: the dialog reads them).
 */
const dialogPayload = z
  .object({ text: text.optional(), prompt: text.optional(), title: text.optional(), field: text.optional(), claimId: text.optional() })
  .passthrough();

/** The review queue card's filter inputs (cards/reviewQueue.json): they come with every click on it, Open too. */
export const QUEUE_FILTER_INPUTS = ['status', 'solutionArea', 'activity', 'organisation', 'competingOnly', 'mineOnly'] as const;
/** The queue's filters as its card sends them (review.queue's data, without a continuation: the first page). */
export type QueueFilterInputs = Partial<Record<(typeof QUEUE_FILTER_INPUTS)[number], string | boolean>>;
const queueFilters = {
  status: filterInput,
  solutionArea: filterInput,
  activity: filterInput,
  organisation: filterInput,
  competingOnly: filterInput,
  mineOnly: filterInput,
} satisfies Record<(typeof QUEUE_FILTER_INPUTS)[number], z.ZodTypeAny>;

/** Which claim a button is about; the server looks it up in the actor's own organisation whatever this says. */
const claimRef = { claimId: text, partnerTenantId: text };
/** A button acting on the claim as the viewer saw it: its version and updatedAt (`seen`) when the card was made. */
const claimSeen = { ...claimRef, version, seen: text.optional() };

/** The id of Approve's tick "I checked the customer contact" (cards/review.json, bot/teams/reviewCard.ts). */
export const APPROVE_CONTACT_TOGGLE = 'review.approve.contactChecked';

const isRecord = (data: unknown): data is Record<string, unknown> => typeof data === 'object' && data !== null && !Array.isArray(data);

/**
 * A form's inputs are named after its verb (ids are unique on a card, and every input of the card comes with any of
 * its buttons): the verb's own are read under their plain names (`<verb>.reason` as `reason`…); plain names also work.
 */
function verbInputs(verb: string, names: Record<string, string>) {
  return (data: unknown) => {
    if (!isRecord(data)) return data;
    const own = Object.fromEntries(Object.entries(names).map(([plain, id]) => [plain, data[id.replace('<verb>', verb)] ?? data[plain]]));
    return { ...data, ...own };
  };
}

/**
 * A review card's button (or the partner's answer card's): the claim as seen, and on a card opened from the review
 * queue `fromQueue` with the queue's filters; a form's reason and comment, and Approve's tick.
 */
function reviewPayload(verb: ClaimVerb) {
  const inputs = z
    .object({
      ...claimSeen,
      ...queueFilters,
      fromQueue: z.boolean().optional(),
      reason: text.optional(),
      comment: text.optional(),
      contactChecked: flag.optional(),
    })
    .transform(({ fromQueue, contactChecked, ...data }) => ({
      claimId: data.claimId,
      partnerTenantId: data.partnerTenantId,
      version: data.version,
      seen: data.seen,
      reason: data.reason,
      comment: data.comment,
      fromQueue: fromQueue === true,
      filters: pickFilters(data),
      contactChecked: contactChecked === true,
    }));
  return z.preprocess(verbInputs(verb, { reason: '<verb>.reason', comment: '<verb>.comment', contactChecked: APPROVE_CONTACT_TOGGLE }), inputs);
}

/** The queue filters a click carried (bounded: they travel in links and cards again). */
function pickFilters(data: QueueFilterInputs): QueueFilterInputs {
  const filters: QueueFilterInputs = {};
  for (const id of QUEUE_FILTER_INPUTS) {
    const value = data[id];
    if (value !== undefined) filters[id] = typeof value === 'string' ? value.slice(0, 100) : value;
  }
  return filters;
}

/** A partner's form on the claim's detail card (withdraw, dispute, comment): its text input is named after the verb. */
function partnerFormPayload(verb: ManageVerb) {
  return z.preprocess(verbInputs(verb, { comment: '<verb>' }), z.object({ ...claimSeen, comment: text.default('') }));
}

const listFilters = z.object({
  status: text.optional(),
  solutionArea: text.optional(),
  activity: text.optional(),
  workload: text.optional(),
  customer: text.optional(),
  continuation: text.optional(),
});

/** Every card verb and its payload. */
export const CARD_PAYLOADS = {
  command: dialogPayload,
  choice: dialogPayload,
  form: dialogPayload,
  'review.refresh': reviewPayload('review.refresh'),
  'review.undo': reviewPayload('review.undo'),
  'review.start': reviewPayload('review.start'),
  'review.approve': reviewPayload('review.approve'),
  'review.reject': reviewPayload('review.reject'),
  'review.requestInfo': reviewPayload('review.requestInfo'),
  'review.comment': reviewPayload('review.comment'),
  'review.resendCustomerMail': reviewPayload('review.resendCustomerMail'),
  'partner.respond': reviewPayload('partner.respond'),
  'review.queue': z.object({ ...queueFilters, continuation: text.optional(), export: flag.optional() }),
  'claim.list': listFilters,
  'claim.open': z.object({ ...claimRef, version: version.optional(), seen: text.optional() }),
  'claim.edit': z.object(claimSeen),
  'claim.undo': z.object(claimSeen),
  'claim.withdraw': partnerFormPayload('claim.withdraw'),
  'claim.dispute': partnerFormPayload('claim.dispute'),
  'claim.comment': partnerFormPayload('claim.comment'),
} satisfies Record<CardVerb, z.ZodTypeAny>;

/** What a button of this verb sends, once checked. */
export type CardPayload<V extends CardVerb> = z.output<(typeof CARD_PAYLOADS)[V]>;

/** The dialog's verbs: the click is handled as the text the user could have typed (see dialogPayload). */
export const CARD_VERBS = ['command', 'choice', 'form'] as const;
export type DialogVerb = (typeof CARD_VERBS)[number];

/**
 * Verbs that act on a stored claim. Their data names the claim and the version the viewer saw; the server checks
 * role, tenant, state and version whatever the data says.
 */
export const CLAIM_VERBS = [
  'review.refresh',
  'review.undo',
  'review.start',
  'review.approve',
  'review.reject',
  'review.requestInfo',
  'review.comment',
  'review.resendCustomerMail',
  'partner.respond',
] as const;
export type ClaimVerb = (typeof CLAIM_VERBS)[number];

/** The reviewers' queue (filters and the continuation of the next page in its data). */
export const QUEUE_VERB = 'review.queue';

/**
 * The partner's own claims: list (filters and the continuation of the next page in its data), open one, and act on
 * it. The server scopes everything to the actor's organisation, whatever the data says.
 */
export const MANAGE_VERBS = ['claim.list', 'claim.open', 'claim.edit', 'claim.withdraw', 'claim.dispute', 'claim.comment', 'claim.undo'] as const;
export type ManageVerb = (typeof MANAGE_VERBS)[number];

/** The manage verbs answered on the card itself ("Edit" opens the claim dialog instead). */
export const LIST_VERBS = MANAGE_VERBS.filter((verb): verb is Exclude<ManageVerb, 'claim.edit'> => verb !== 'claim.edit');
export type ListVerb = (typeof LIST_VERBS)[number];

/** Every verb a card may carry; the bot's verb table (bot/teams/verbTable.ts) has one handler for each. */
export type CardVerb = DialogVerb | ClaimVerb | ManageVerb | typeof QUEUE_VERB;

/**
 * What every button of the review card sends: the claim, its updatedAt when the card was made (`seen`: a click on
 * an older card says what changed since) and, on a card opened from the review queue, `fromQueue`
 * with the queue's filters, as the queue's Open button sent them (so the card keeps "Back to queue" when it changes).
 */
export type ReviewActionData = { claimId: string; partnerTenantId: string; version: number; seen: string; fromQueue?: true } & QueueFilterInputs;

/**
 * What a form card's button (verb form) names in `data.field`: the question it answers. The dialog reads the
 * card's inputs from activity.value (the workloads, or a contact's name, job title and e-mail).
 */
export const FORM_FIELDS = ['workloads', 'customerContact', 'technicalContact', 'partnerContact'] as const;
