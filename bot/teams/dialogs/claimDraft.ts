// The claim being written in the dialog, the order of its questions, and what "Edit a field" clears. Pure, so
// the form's logic is tested without a conversation.
import {
  ACTIVITIES,
  coverageOf,
  isDynamics365,
  type Claim,
  type ClaimFields,
  type Contact,
  type ProofOfExecution,
  slotKeys,
  type TenantCheck,
} from '../../../services/domain/claim';
import { partnerDomains, type ContactCheck } from '../../../services/domain/consent';

export interface ClaimDraft {
  /** Chosen when the dialog starts: the idempotency key of the submit (one claim id, one claim). */
  claimId: string;
  partnerTenantId: string;
  /** The user from Teams, offered as the partner contact. */
  me: { name: string; email?: string };
  fields: Partial<ClaimFields>;
  poe?: ProofOfExecution;
  /** The partner chose to add the proof of execution later (the claim is stored as a Draft). */
  poeLater?: boolean;
  /** The partner was asked whether they are the partner contact and said no. */
  partnerContactOther?: boolean;
  commentsAnswered?: boolean;
  /** How the customer tenant id was checked against the domain when it was entered (stored on the claim). */
  tenantCheck?: TenantCheck;
  /** Editing a stored claim (Draft or Partner action required): the version it was opened at. */
  editOf?: { version: number };
  /** The fields came from the one-card form, whose Submit was the submit: the claim is stored once the PoE is answered. */
  viaForm?: boolean;
  /** Started from a sentence: the claim name is the suggestion and there are no comments unless edited on the summary. */
  fromSentence?: boolean;
  /** The slots (services/domain slotKeys) whose conflicts the partner was told about, so they are said once. */
  conflictsChecked?: string;
  /** Started from a sentence and offered the one-card form: the partner chose to go on one question at a time. */
  formOfferAnswered?: boolean;
  /** How the customer contact's e-mail was found to belong to the customer tenant (stored on the claim). */
  contactCheck?: ContactCheck;
  /** What that check was made on (contactKey), so it is made again only when one of them changes. */
  contactChecked?: string;
}

/** A validated tenant id, with how it was matched against the domain. */
export type TenantAnswer = { tenantId: string; check: TenantCheck };

export type Question =
  | 'solutionArea'
  | 'activity'
  | 'partnerId'
  | 'customerDomain'
  | 'customerTenantId'
  | 'workloads'
  | 'product'
  | 'subscriptionId'
  | 'formOffer'
  | 'customerContact'
  | 'technicalContact'
  | 'partnerContact'
  | 'customerName'
  | 'customerTitle'
  | 'customerEmail'
  | 'technicalName'
  | 'technicalTitle'
  | 'technicalEmail'
  | 'partnerContactIsMe'
  | 'partnerName'
  | 'partnerEmail'
  | 'poe'
  | 'name'
  | 'comments';

const m365 = (d: ClaimDraft) => d.fields.solutionArea === 'microsoft365';
const bizApps = (d: ClaimDraft) => d.fields.solutionArea === 'businessApplications';
const dynamics = (d: ClaimDraft) => bizApps(d) && isDynamics365(d.fields.product);
/** A contact with every part it needs (the partner contact has no job title). */
const complete = (contact: Contact | undefined, withTitle: boolean) => Boolean(contact?.name && contact.email && (!withTitle || contact.title));
/** The partner contact is asked when Teams did not tell us the user's e-mail, or the user said it is someone else. */
const partnerAsked = (d: ClaimDraft) => !d.me.email || Boolean(d.partnerContactOther);

/** Each question in order, with whether it applies to this draft and whether it is answered. */
const QUESTIONS: { id: Question; applies?: (d: ClaimDraft) => boolean; answered: (d: ClaimDraft) => boolean }[] = [
  { id: 'solutionArea', answered: (d) => Boolean(d.fields.solutionArea) },
  { id: 'activity', answered: (d) => Boolean(d.fields.activity) },
  { id: 'formOffer', applies: offersForm, answered: (d) => Boolean(d.formOfferAnswered) },
  { id: 'partnerId', answered: (d) => Boolean(d.fields.partnerId) },
  { id: 'customerDomain', answered: (d) => Boolean(d.fields.customerDomain) },
  { id: 'customerTenantId', answered: (d) => Boolean(d.fields.customerTenantId) },
  { id: 'workloads', applies: m365, answered: (d) => Boolean(d.fields.workloads?.length) },
  { id: 'product', applies: bizApps, answered: (d) => Boolean(d.fields.product) },
  { id: 'subscriptionId', applies: bizApps, answered: (d) => Boolean(d.fields.subscriptionId) },
  { id: 'customerContact', answered: (d) => complete(d.fields.customerContact, true) },
  { id: 'technicalContact', applies: dynamics, answered: (d) => complete(d.fields.technicalContact, true) },
  // Asked only when Teams told us the user's e-mail; otherwise the partner contact is asked for outright.
  { id: 'partnerContactIsMe', applies: (d) => Boolean(d.me.email), answered: (d) => Boolean(d.fields.partnerContact?.email || d.partnerContactOther) },
  { id: 'partnerContact', applies: partnerAsked, answered: (d) => complete(d.fields.partnerContact, false) },
  { id: 'poe', answered: (d) => Boolean(d.poe || d.poeLater) },
  { id: 'name', answered: (d) => Boolean(d.fields.name) },
  { id: 'comments', answered: (d) => Boolean(d.commentsAnswered) },
];

/** The questions of a sentence's claim worth the one-card form: those before the proof of execution. */
const BEFORE_PROOF: ReadonlySet<Question> = new Set([
  'partnerId',
  'customerDomain',
  'customerTenantId',
  'workloads',
  'product',
  'subscriptionId',
  'customerContact',
  'technicalContact',
  'partnerContactIsMe',
  'partnerContact',
]);

/**
 * After a sentence, the one-card form is offered (filled with what it took) once its area and activity are known,
 * as long as something before the proof of execution is still missing; an edit never offers it.
 */
function offersForm(d: ClaimDraft): boolean {
  return Boolean(d.fromSentence) && !d.editOf && QUESTIONS.some((q) => BEFORE_PROOF.has(q.id) && (q.applies?.(d) ?? true) && !q.answered(d));
}

/** The next question to ask, or undefined when the draft is ready for the summary. */
export function nextQuestion(draft: ClaimDraft): Question | undefined {
  return QUESTIONS.find((q) => (q.applies?.(draft) ?? true) && !q.answered(draft))?.id;
}

export const EDITABLE_GROUPS = [
  'solutionArea',
  'partnerId',
  'customer',
  'coverage',
  'customerContact',
  'technicalContact',
  'partnerContact',
  'poe',
  'name',
  'comments',
] as const;
export type EditableGroup = (typeof EDITABLE_GROUPS)[number];

/** What an edit of a stored claim may change (what it claims on whom is fixed: a new one is a new claim). */
const FIXED_WHEN_EDITING: readonly EditableGroup[] = ['solutionArea', 'customer'];

/** The groups the partner may edit on this draft (the technical contact only exists for Dynamics 365). */
export function editableGroups(draft: ClaimDraft): EditableGroup[] {
  return EDITABLE_GROUPS.filter((g) => (g !== 'technicalContact' || isDynamics365(draft.fields.product)) && !(draft.editOf && FIXED_WHEN_EDITING.includes(g)));
}

/** A stored claim opened for editing: every answer given, straight to the summary. */
export function draftOf(claim: Claim, me: ClaimDraft['me']): ClaimDraft {
  const { id, partnerTenantId, poe, version, contactCheck, ...rest } = claim;
  const fields: Partial<ClaimFields> = {};
  for (const key of CLAIM_FIELD_KEYS) (fields as Record<string, unknown>)[key] = rest[key];
  const draft: ClaimDraft = {
    claimId: id,
    partnerTenantId,
    me,
    fields,
    poe,
    poeLater: !poe,
    commentsAnswered: true,
    partnerContactOther: true,
    editOf: { version },
  };
  // The stored check, with what it was made on (contactKey): a verified one stands while that stays the same.
  return contactCheck ? { ...draft, contactCheck, contactChecked: contactKey(draft) } : draft;
}

const CLAIM_FIELD_KEYS: readonly (keyof ClaimFields)[] = [
  'solutionArea',
  'activity',
  'partnerId',
  'customerDomain',
  'customerTenantId',
  'workloads',
  'product',
  'subscriptionId',
  'customerContact',
  'technicalContact',
  'partnerContact',
  'name',
  'comments',
];

/**
 * Clears a group so the dialog asks it again. Answers that depended on it go too: a new solution area
 * invalidates the activity and what is claimed; a new domain needs its tenant re-checked.
 */
export function clearGroup(draft: ClaimDraft, group: EditableGroup): ClaimDraft {
  const fields = { ...draft.fields };
  const next: ClaimDraft = { ...draft, fields };
  const clearCoverage = () => {
    delete fields.workloads;
    delete fields.product;
    delete fields.subscriptionId;
    delete fields.technicalContact;
  };
  switch (group) {
    case 'solutionArea':
      delete fields.solutionArea;
      delete fields.activity;
      clearCoverage();
      break;
    case 'partnerId':
      delete fields.partnerId;
      break;
    case 'customer':
      delete fields.customerDomain;
      delete fields.customerTenantId;
      delete next.tenantCheck;
      break;
    case 'coverage':
      clearCoverage();
      break;
    case 'customerContact':
      delete fields.customerContact;
      delete next.contactCheck;
      delete next.contactChecked;
      break;
    case 'technicalContact':
      delete fields.technicalContact;
      break;
    case 'partnerContact':
      delete fields.partnerContact;
      delete next.partnerContactOther;
      break;
    case 'poe':
      delete next.poe;
      delete next.poeLater;
      break;
    case 'name':
      delete fields.name;
      break;
    case 'comments':
      delete fields.comments;
      delete next.commentsAnswered;
      break;
  }
  return next;
}

/** The only activity of a solution area with a single one (Microsoft 365: Usage), chosen without asking. */
export function onlyActivity(draft: ClaimDraft) {
  const activities = draft.fields.solutionArea ? ACTIVITIES[draft.fields.solutionArea] : [];
  return activities.length === 1 ? activities[0] : undefined;
}

/** Suggested claim name: customer domain + what is claimed, e.g. "contoso.com – Microsoft Teams". */
export function suggestedName(fields: Partial<ClaimFields>): string {
  return `${fields.customerDomain ?? ''} – ${coverageOf(fields)}`.slice(0, 100);
}

export function withContact(contact: Contact | undefined, patch: Partial<Contact>): Contact {
  return { name: '', email: '', ...contact, ...patch };
}

/** The questions that each fill one part of a contact. */
const CONTACT_PARTS = {
  customerName: ['customerContact', 'name'],
  customerTitle: ['customerContact', 'title'],
  customerEmail: ['customerContact', 'email'],
  technicalName: ['technicalContact', 'name'],
  technicalTitle: ['technicalContact', 'title'],
  technicalEmail: ['technicalContact', 'email'],
  partnerName: ['partnerContact', 'name'],
  partnerEmail: ['partnerContact', 'email'],
} as const satisfies Partial<Record<Question, readonly ['customerContact' | 'technicalContact' | 'partnerContact', keyof Contact]>>;

const isContactPart = (question: Question): question is keyof typeof CONTACT_PARTS => question in CONTACT_PARTS;

/** The draft with one validated answer in place: the dialog's answers and the form's inputs go through here. */
export function withAnswer(draft: ClaimDraft, question: Question, value: unknown): ClaimDraft {
  const fields: Partial<ClaimFields> = { ...draft.fields };
  const next: ClaimDraft = { ...draft, fields };
  if (isContactPart(question)) {
    const [contact, part] = CONTACT_PARTS[question];
    fields[contact] = withContact(fields[contact], { [part]: value as string });
    return next;
  }
  switch (question) {
    case 'customerContact':
    case 'technicalContact':
    case 'partnerContact':
      fields[question] = value as Contact;
      break;
    case 'formOffer':
      next.formOfferAnswered = true;
      break;
    case 'solutionArea':
    case 'activity':
    case 'partnerId':
    case 'customerDomain':
    case 'product':
    case 'subscriptionId':
    case 'name':
      (fields as Record<string, unknown>)[question] = value;
      break;
    case 'customerTenantId': {
      const { tenantId, check } = value as TenantAnswer;
      fields.customerTenantId = tenantId;
      next.tenantCheck = check;
      break;
    }
    case 'workloads':
      fields.workloads = value as string[];
      break;
    case 'partnerContactIsMe':
      if (value === 'yes') fields.partnerContact = { name: draft.me.name, email: draft.me.email ?? '' };
      else next.partnerContactOther = true;
      break;
    case 'poe':
      if (value === 'later') {
        next.poeLater = true;
        delete next.poe;
      } else {
        next.poe = value as ProofOfExecution;
        next.poeLater = false;
      }
      break;
    case 'comments':
      fields.comments = (value as string) || undefined;
      next.commentsAnswered = true;
      break;
  }
  return next;
}

/** The partner's own domains as far as the draft knows them: its partner contact's and the user's (Teams). */
export const draftPartnerDomains = (draft: ClaimDraft): string[] => partnerDomains([draft.fields.partnerContact?.email, draft.me.email]);

/**
 * What the customer contact's check is made on, as one key (empty: not all known yet): the e-mail, the customer
 * domain and tenant it must belong to, and the partner's domains it must not be on.
 */
export function contactKey(draft: ClaimDraft): string {
  const f = draft.fields;
  const email = f.customerContact?.email;
  if (!email || !f.customerDomain || !f.customerTenantId) return '';
  return [email.toLowerCase(), f.customerDomain, f.customerTenantId, ...draftPartnerDomains(draft)].join('|');
}

/**
 * The slots a conflict check can run on, as one key (empty: not yet known): it needs the customer tenant, the
 * activity and the workloads or subscription.
 */
export function conflictKey(draft: ClaimDraft): string {
  const f = draft.fields;
  if (!f.customerTenantId || !f.activity || !f.solutionArea) return '';
  const slots = slotKeys({ solutionArea: f.solutionArea, activity: f.activity, workloads: f.workloads, subscriptionId: f.subscriptionId });
  return slots.length ? `${f.customerTenantId}|${slots.join(',')}` : '';
}
