// The claim being written in the dialog, the order of its questions, and what "Edit a field" clears. Pure, so
// the form's logic is tested without a conversation.
import {
  ACTIVITIES,
  coverageOf,
  type Claim,
  type ClaimFields,
  type Contact,
  type ProofOfExecution,
  slotKeys,
  type TenantCheck,
} from '../../../services/domain/claim';
import { partnerDomains, type ContactCheck } from '../../../services/domain/consent';
import {
  applies,
  clearedWith,
  FIELDS,
  INPUTS,
  isComplete,
  isInputId,
  type EditGroup,
  type FieldKey,
  type FieldSpec,
  type InputId,
  type Stage,
} from '../../../services/domain/fields';

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

/**
 * What the dialog asks: each field of the schema (a contact whole), each typed input (the one-card form's, a
 * sentence's values, a part of a contact), and the questions about the conversation itself.
 */
export type Question = FieldKey | InputId | 'formOffer' | 'partnerContactIsMe' | 'poe';

/** The partner contact is asked when Teams did not tell us the user's e-mail, or the user said it is someone else. */
const partnerAsked = (d: ClaimDraft) => !d.me.email || Boolean(d.partnerContactOther);

interface QuestionRule {
  id: Question;
  applies?: (d: ClaimDraft) => boolean;
  answered: (d: ClaimDraft) => boolean;
}

/** A field's question: asked where the field applies, answered once it is complete. */
const fieldQuestion = (field: FieldSpec): QuestionRule => ({
  id: field.key,
  applies: field.areas || field.onlyIf ? (d) => applies(field, d.fields) : undefined,
  answered: (d) => isComplete(d.fields, field),
});

/** Answered by the conversation rather than by a value (comments may be none). */
const ANSWERED_BY_DRAFT: Partial<Record<Question, (d: ClaimDraft) => boolean>> = { comments: (d) => Boolean(d.commentsAnswered) };

/** Asked just before a field's own question. */
const ASKED_BEFORE: Partial<Record<FieldKey, QuestionRule>> = {
  // Asked only when Teams told us the user's e-mail; otherwise the partner contact is asked for outright.
  partnerContact: {
    id: 'partnerContactIsMe',
    applies: (d) => Boolean(d.me.email),
    answered: (d) => Boolean(d.fields.partnerContact?.email || d.partnerContactOther),
  },
};

const questionsOf = (stage: Stage): QuestionRule[] =>
  (FIELDS as readonly FieldSpec[])
    .filter((f) => f.stage === stage)
    .flatMap((f) => {
      const own = fieldQuestion(f);
      const rule = ANSWERED_BY_DRAFT[f.key]
        ? { ...own, answered: ANSWERED_BY_DRAFT[f.key]! }
        : f.key === 'partnerContact'
          ? { ...own, applies: partnerAsked }
          : own;
      const before = ASKED_BEFORE[f.key];
      return before ? [before, rule] : [rule];
    });

/** Each question in order, with whether it applies to this draft and whether it is answered. */
const QUESTIONS: QuestionRule[] = [
  ...questionsOf('program'),
  { id: 'formOffer', applies: offersForm, answered: (d) => Boolean(d.formOfferAnswered) },
  ...questionsOf('details'),
  { id: 'poe', answered: (d) => Boolean(d.poe || d.poeLater) },
  ...questionsOf('closing'),
];

/** The questions of a sentence's claim worth the one-card form: those before the proof of execution. */
const BEFORE_PROOF: ReadonlySet<Question> = new Set([...questionsOf('details').map((q) => q.id)]);

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

/** The edit groups in the order the summary offers them: the fields' own, with the proof of execution before the closing ones. */
export const EDITABLE_GROUPS: readonly EditGroup[] = [
  ...new Set([
    ...(FIELDS as readonly FieldSpec[]).filter((f) => f.stage !== 'closing').map((f) => f.group),
    'poe' as const,
    ...(FIELDS as readonly FieldSpec[]).filter((f) => f.stage === 'closing').map((f) => f.group),
  ]),
];
export type EditableGroup = EditGroup;

const fieldsOf = (group: EditGroup) => (FIELDS as readonly FieldSpec[]).filter((f) => f.group === group);

/**
 * The groups the partner may edit on this draft: those with a field that belongs on it (the technical contact
 * only exists for Dynamics 365); in an edit, not what it claims on whom (a new one is a new claim).
 */
export function editableGroups(draft: ClaimDraft): EditableGroup[] {
  return EDITABLE_GROUPS.filter((g) => {
    const fields = fieldsOf(g);
    if (draft.editOf && fields.some((f) => f.fixedOnEdit)) return false;
    return fields.length === 0 || fields.some((f) => applies(f, draft.fields));
  });
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

const CLAIM_FIELD_KEYS: readonly FieldKey[] = FIELDS.map((f) => f.key);

/**
 * Clears a group so the dialog asks it again. Answers that depended on it go too: a new solution area
 * invalidates the activity and what is claimed; a new domain needs its tenant re-checked.
 */
export function clearGroup(draft: ClaimDraft, group: EditableGroup): ClaimDraft {
  const fields = { ...draft.fields };
  const next: ClaimDraft = { ...draft, fields };
  for (const key of clearedWith(fieldsOf(group).map((f) => f.key))) delete fields[key];
  for (const key of GROUP_STATE[group] ?? []) delete next[key];
  return next;
}

/** What the draft remembers of a group's answers beside its values, cleared with them. */
const GROUP_STATE: Partial<Record<EditableGroup, (keyof ClaimDraft)[]>> = {
  customer: ['tenantCheck'],
  customerContact: ['contactCheck', 'contactChecked'],
  partnerContact: ['partnerContactOther'],
  poe: ['poe', 'poeLater'],
  comments: ['commentsAnswered'],
};

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

/** The draft with one validated answer in place: the dialog's answers and the form's inputs go through here. */
export function withAnswer(draft: ClaimDraft, question: Question, value: unknown): ClaimDraft {
  const fields: Partial<ClaimFields> = { ...draft.fields };
  const next: ClaimDraft = { ...draft, fields };
  const part = isInputId(question) ? INPUTS[question].input.part : undefined;
  if (part) {
    const contact = INPUTS[question as InputId].field.key as 'customerContact' | 'technicalContact' | 'partnerContact';
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
    case 'customerTenantId': {
      const { tenantId, check } = value as TenantAnswer;
      fields.customerTenantId = tenantId;
      next.tenantCheck = check;
      break;
    }
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
    default:
      // Any other field takes its validated value as it is.
      (fields as Record<string, unknown>)[question] = value;
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
