// The CPOR claim (customer association) record and the domain's allowed values (docs/domain.md).
// Pure types and constants: no I/O here.
import type { ContactCheck } from './consent';

export type SolutionArea = 'microsoft365' | 'businessApplications';
export type Activity = 'usage' | 'presales' | 'revenueAssociation';

export type ClaimStatus = 'Draft' | 'Submitted' | 'UnderReview' | 'PartnerActionRequired' | 'Approved' | 'Official' | 'Rejected';

/** Every state, in life-cycle order. */
export const ALL_STATUSES: readonly ClaimStatus[] = ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved', 'Official', 'Rejected'];

/** States in which a claim holds its tenant + workload / subscription (everything but Rejected). */
export const OPEN_STATUSES: readonly ClaimStatus[] = ALL_STATUSES.filter((status) => status !== 'Rejected');

/** Allowed solution area → activity combinations, and the incentive program each one belongs to. */
export const ACTIVITIES: Record<SolutionArea, readonly Activity[]> = {
  microsoft365: ['usage'],
  businessApplications: ['presales', 'usage', 'revenueAssociation'],
};

export const PROGRAMS: Record<SolutionArea, Partial<Record<Activity, string>>> = {
  microsoft365: { usage: 'OSU Microsoft 365' },
  businessApplications: {
    presales: 'OSA Sell',
    usage: 'OSU Business Applications',
    revenueAssociation: 'Revenue association (no incentive payment)',
  },
};

/** Product rule: there is no authoritative public list; these are the defaults of the configurable catalogues. */
export const DEFAULT_M365_WORKLOADS: readonly string[] = [
  'Exchange Online',
  'SharePoint Online',
  'OneDrive for Business',
  'Microsoft Teams',
  'Microsoft 365 Apps',
  'Intune',
  'Microsoft Entra ID P1/P2',
  'Windows Enterprise',
  'Microsoft Defender',
  'Microsoft Purview',
];

export const DEFAULT_BIZAPPS_PRODUCTS: readonly string[] = [
  'Dynamics 365 Sales',
  'Dynamics 365 Customer Service',
  'Dynamics 365 Field Service',
  'Dynamics 365 Finance',
  'Dynamics 365 Supply Chain Management',
  'Dynamics 365 Business Central',
  'Power Apps',
  'Power Automate',
];

export interface Catalogue {
  workloads: readonly string[];
  products: readonly string[];
}

export const DEFAULT_CATALOGUE: Catalogue = { workloads: DEFAULT_M365_WORKLOADS, products: DEFAULT_BIZAPPS_PRODUCTS };

/** The customer technical contact is asked for Dynamics 365 products only. */
export const isDynamics365 = (product: string | undefined): boolean => /^dynamics 365\b/i.test(product ?? '');

export interface Contact {
  name: string;
  email: string;
  title?: string;
}

export interface ProofOfExecution {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
}

export interface Actor {
  /** Teams user id (29:…). */
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface HistoryEntry {
  at: string;
  by: Actor;
  action: string;
  from?: ClaimStatus;
  to: ClaimStatus;
  /** Rejection or "partner action required" reason, verbatim from the lists below. */
  reason?: string;
  comment?: string;
  /** The workloads / subscriptions the entry is about, when not the whole claim (put on hold, resumed, lost). */
  slots?: string[];
}

/** "Partner action required" reasons (verbatim, Partner Center). */
export const INFO_REASONS = [
  'Missing All PoE',
  'Missing Customer Acknowledgement',
  'Missing or Old Dates',
  'Missing Partner Solution/Service',
  'Missing Products',
] as const;

export const REJECTION_REASONS = [
  'Partner request',
  'Customer declined',
  'Insufficient proof of execution',
  'Domain–tenant mismatch',
  'Customer contact not verified',
  'No partner response',
  "Competing claim: another partner's claim became official",
  "Superseded by another partner's association",
] as const;

/**
 * Reasons a reviewer may pick when rejecting (the others are set by the system or the customer). The two after the
 * proof of execution are the ones a consent check leads to: the domain is not the tenant's, or the customer contact
 * could not be shown to be the customer's (docs/domain.md, "What a claim holds").
 */
export const REVIEWER_REJECTION_REASONS = [
  'Insufficient proof of execution',
  'Domain–tenant mismatch',
  'Customer contact not verified',
  'Partner request',
] as const satisfies readonly (typeof REJECTION_REASONS)[number][];

export type ReviewerRejectionReason = (typeof REVIEWER_REJECTION_REASONS)[number];

/**
 * A message the claim owes someone, written in the same document as the state change that caused it (the
 * outbox): delivered later, retried until it is, and marked so it is never sent twice.
 */
export interface Notice {
  id: string;
  /**
   * partner: a proactive message to the partner; reviewCard: post or refresh the review card; customer: the e-mail;
   * competitors: settle other organisations' claims on the same slots (rejected on approval, superseded on becoming
   * official), kept in the outbox so a crash between the two writes is finished by the sweep.
   */
  kind: 'partner' | 'reviewCard' | 'customer' | 'competitors';
  /** The claim version (transition) it reports. */
  version: number;
  /** The history entry it reports. */
  historyIndex: number;
  /** A comment of the thread it reports (instead of a history entry). */
  commentIndex?: number;
  createdAt: string;
  attempts: number;
  deliveredAt?: string;
  /** While set and in the future, one instance is delivering it. */
  leaseUntil?: string;
  /** The delivering instance (a process's random id): with the embedded store, another owner's lease is stale. */
  leaseOwner?: string;
  lastError?: string;
  /** Delivery is impossible (the app was uninstalled or blocked): kept for the record, not retried. */
  failedAt?: string;
  /** A partner notice that is a reminder (answer due soon, Draft left idle) rather than a history entry's news. */
  reminder?: ReminderKind;
  /** Not delivered before this instant: what an approval or a withdrawal owes waits for its Undo grace to end. */
  notBefore?: string;
  /**
   * A partner notice going to several people (services/domain/audience.ts): those it has reached so far
   * (Recipient.key), each written as soon as it is sent, so a retry never sends it to them again.
   */
  sentTo?: string[];
}

/** answerDue: a request for information is due in 2 business days; draftIdle: a Draft untouched for 7 days. */
export type ReminderKind = 'answerDue' | 'draftIdle';

export interface ThreadComment {
  at: string;
  by: Actor;
  side: 'partner' | 'reviewer';
  text: string;
}

/** Where the review card of a claim was posted, to update it in place for everyone. */
export interface PostedCard {
  /** conversations-container id of the chat (the review channel, or a reviewer's personal chat). */
  target: string;
  activityId: string;
}

/**
 * A copy of a claim's card opened outside the posts above (a review card opened from the review queue, a partner's
 * detail card opened from "my associations"), kept so it is updated in place when the claim changes.
 */
export interface CardCopy {
  /** Which card, for whom: the review card with a reviewer's actions or read-only, or the partner's detail card. */
  view: 'review' | 'reviewReadOnly' | 'detailAdmin' | 'detailUser';
  locale?: string;
  /** A review card opened from the review queue: the queue's filters, so the updated card keeps "Back to queue". */
  backToQueue?: Record<string, string | boolean>;
  activityId: string;
  /** The conversation holding it (what a proactive turn needs to reach it). */
  conversation: { serviceUrl: string; channelId: string; conversationId: string; tenantId?: string; botId?: string };
}

/** Copies kept per claim: the oldest are forgotten first (they still refresh themselves when viewed). */
export const MAX_CARD_COPIES = 20;

/**
 * An approval or a withdrawal that may still be undone: until `until`, what it owes outside the bot (the customer
 * e-mail, the partner's message, competitors' rejection) waits, and Undo puts back what it changed.
 */
export interface PendingUndo {
  action: 'approve' | 'withdraw';
  until: string;
  /** The claim version the action produced: Undo applies to it only. */
  version: number;
  /** What the action changed, as it was before. */
  previous: Pick<Claim, 'status' | 'reviewQueuedAt' | 'optOutDeadline' | 'customerNotifiedAt' | 'partnerActionDeadline' | 'reviewer' | 'slotOutcomes'>;
}

/** What the partner enters; everything but comments is required before submit. */
export interface ClaimFields {
  solutionArea: SolutionArea;
  activity: Activity;
  partnerId: string;
  customerDomain: string;
  customerTenantId: string;
  workloads?: string[];
  product?: string;
  subscriptionId?: string;
  customerContact: Contact;
  technicalContact?: Contact;
  partnerContact: Contact;
  name: string;
  comments?: string;
}

/**
 * The domain-tenant check done when the claim was entered: matched through Graph, not checked (Graph is not
 * configured), or the lookup failed (the reviewer must check it).
 */
export type TenantCheck = 'matched' | 'notChecked' | 'lookupFailed';

export interface Claim extends ClaimFields {
  id: string;
  type: 'claim';
  /** Partition key: the partner organisation (Teams / Entra tenant of the partner). */
  partnerTenantId: string;
  /** The partner organisation's display name (Graph), cached when the claim is created; absent: show the tenant id. */
  partnerName?: string;
  tenantCheck?: TenantCheck;
  /** Whether the customer contact's e-mail belongs to the customer tenant (consent.ts; absent: stored before the check). */
  contactCheck?: ContactCheck;
  program: string;
  status: ClaimStatus;
  /** The latest proof of execution (the only one, in claims stored before proofs were kept as a list). */
  poe?: ProofOfExecution;
  /** The proofs the latest one came after, oldest first: a new proof goes beside them, never over them. */
  earlierProofs?: ProofOfExecution[];
  /** Another partner holds an open claim on the same tenant + workload / subscription. */
  competing: boolean;
  /**
   * What happened to single workloads / subscriptions (by slot key) apart from the claim as a whole: on hold behind
   * another organisation's approval, lost to it, or superseded by its association. Absent: it follows the claim.
   */
  slotOutcomes?: Record<string, SlotOutcome>;
  createdBy: Actor;
  /** The partner's language (Teams locale) for proactive messages. */
  locale?: string;
  /** The chat where the claim was created, to reach the partner even if the stored reference is gone. */
  origin?: { serviceUrl: string; conversationId: string; botId?: string };
  createdAt: string;
  updatedAt: string;
  /** Incremented by every state transition; cards carry it, so a click on an outdated card is recognised. */
  version: number;
  history: HistoryEntry[];
  reviewer?: Actor;
  /**
   * Submitted / Under review: since when it has waited for a reviewer (submitted, answered, disputed); the review
   * queue's order. The review age counts from the same instant.
   */
  reviewQueuedAt?: string;
  /** Partner action required: when the request lapses (5 business days). */
  partnerActionDeadline?: string;
  /** Approved: until when the customer may opt out. */
  optOutDeadline?: string;
  /** When the customer's e-mail left: a claim cannot become Official before the customer was told. */
  customerNotifiedAt?: string;
  notices: Notice[];
  reviewCards: PostedCard[];
  /** Copies of its cards opened elsewhere (review queue, my associations), updated with the posted cards. */
  cardCopies?: CardCopy[];
  /** Set while the last approval or withdrawal may be undone. */
  undo?: PendingUndo;
  /**
   * Reminders already owed, by kind: the answer deadline (answerDue) or the Draft's updatedAt (draftIdle) each was
   * for, so each is written once, and again only for a new deadline or a Draft touched since.
   */
  reminded?: Partial<Record<ReminderKind, string>>;
  /** The conversation between the partner and the reviewers about this claim. */
  thread?: ThreadComment[];
  _etag?: string;
}

/**
 * What became of one workload / subscription of a claim when it parted from the claim's course (docs/domain.md,
 * "Conflicts"): held while another organisation's approval holds it; lost when that one became official; superseded
 * when this was official and another organisation's association on it became official.
 */
export type SlotResult = 'held' | 'lost' | 'superseded';

export interface SlotOutcome {
  result: SlotResult;
  at: string;
}

/** The claim's workloads on hold behind another organisation's approval (slot keys). */
export const heldSlots = (claim: Pick<Claim, 'slotOutcomes'>): string[] =>
  Object.entries(claim.slotOutcomes ?? {})
    .filter(([, outcome]) => outcome.result === 'held')
    .map(([key]) => key);

/** One workload / subscription of a claim: its slot key and how people call it. */
export interface SlotOf {
  key: string;
  label: string;
}

/** The claim's slots with their names ("Microsoft Teams", "Dynamics 365 Sales (subscription id)"). */
export function slotsOf(fields: Pick<ClaimFields, 'solutionArea' | 'activity' | 'workloads' | 'subscriptionId' | 'product'>): SlotOf[] {
  if (fields.solutionArea === 'microsoft365') return (fields.workloads ?? []).map((w) => ({ key: `${fields.activity}|workload:${w.toLowerCase()}`, label: w }));
  if (!fields.subscriptionId) return [];
  const label = fields.product ? `${fields.product} (${fields.subscriptionId})` : fields.subscriptionId;
  return [{ key: `${fields.activity}|subscription:${fields.subscriptionId.toLowerCase()}`, label }];
}

/**
 * The slots a claim holds, one per workload or subscription **and activity**: the unit of "one partner only"
 * (another organisation on the same slot competes) and of duplicates (the same organisation twice). Activities are
 * separate slots: a Presales and a Usage claim on one subscription do not conflict. Case-insensitive, because the
 * same subscription typed twice in different case is the same one.
 */
export function slotKeys(fields: Pick<ClaimFields, 'solutionArea' | 'activity' | 'workloads' | 'subscriptionId'>): string[] {
  return slotsOf(fields).map((slot) => slot.key);
}

/** Every proof of execution of the claim, oldest first (a claim stored with a single proof has that one). */
export function proofsOf(claim: Pick<Claim, 'poe' | 'earlierProofs'>): ProofOfExecution[] {
  return [...(claim.earlierProofs ?? []), ...(claim.poe ? [claim.poe] : [])];
}

/** What adding `poe` as the latest proof changes on the claim (nothing for a file it already has). Pure. */
export function withProof(claim: Pick<Claim, 'poe' | 'earlierProofs'>, poe: ProofOfExecution): Pick<Claim, 'poe' | 'earlierProofs'> {
  const all = proofsOf(claim);
  return all.some((p) => p.fileId === poe.fileId) ? {} : { poe, earlierProofs: all };
}

/** The partner organisation as people should see it: its name, or its tenant id when the name is unknown. */
export const partnerLabel = (claim: Pick<Claim, 'partnerName' | 'partnerTenantId'>): string => claim.partnerName || claim.partnerTenantId;

/** What the claim is about, in a few words: "Microsoft Teams, Intune" or "Dynamics 365 Sales (subscription …)". */
export function coverageOf(fields: Pick<ClaimFields, 'workloads' | 'product' | 'subscriptionId'>): string {
  if (fields.workloads?.length) return fields.workloads.join(', ');
  return fields.product ?? '';
}
