// The typed view models of the card templates (JSON in this folder), one per template: what each card binds.
import type { ClaimVerb, ManageVerb, QueueFilterInputs, ReviewActionData } from './verbs';

export interface CardAction {
  title: string;
  /** Text handled as if the user typed it, so buttons and typing share one router. */
  command: string;
}

export interface HelpCardData {
  heading: string;
  intro: string;
  /** Empty string: no notice row. */
  notice: string;
  topics: { title: string; text: string }[];
  actions: CardAction[];
  /** English / Italiano: each language's name, and its command. */
  languages: CardAction[];
}

export interface Fact {
  title: string;
  value: string;
}

export interface ClaimSummaryCardData {
  title: string;
  intro: string;
  facts: Fact[];
  /** Empty string: no note row. */
  note: string;
  claimId: string;
  actions: (CardAction & { style: 'positive' | 'destructive' | 'default' })[];
}

export interface WorkloadsCardData {
  /** Why the card is shown again (nothing was picked); empty: no notice row. */
  notice: string;
  title: string;
  button: string;
  /** Comma-separated values already chosen. */
  selected: string;
  choices: { title: string; value: string }[];
}

export interface ChoicesCardData {
  /** Empty string: no notice row (a notice says why the question is asked again). */
  notice: string;
  prompt: string;
  /** Buttons in rows, so a long list wraps instead of overflowing. */
  rows: { choices: { title: string }[] }[];
  /** Choices set apart from the rows, as the card's own buttons (Fill in one card); usually none. */
  extra: { title: string }[];
}

export interface AnsweredCardData {
  prompt: string;
  answer: string;
}

export type ReviewCardAction =
  | { kind: 'execute'; verb: ClaimVerb; title: string; style: 'positive' | 'destructive' | 'default' }
  | { kind: 'openUrl'; title: string; url: string }
  | {
      kind: 'form';
      verb: ClaimVerb;
      title: string;
      style: 'positive' | 'destructive' | 'default';
      confirm: string;
      reasonLabel: string;
      commentLabel: string;
      /** What an empty required input needs ("Give a reason for the rejection"). */
      reasonError: string;
      commentError: string;
      /** The value is the reason verbatim (stored, sent to the partner); the title is the reviewer's language. */
      reasons: { title: string; value: string }[];
    }
  | { kind: 'commentForm'; verb: ClaimVerb; title: string; confirm: string; commentLabel: string; commentError: string }
  /**
   * Approve for a claim whose customer contact could not be verified: what approving does (empty: nothing to say) and
   * a required tick that the reviewer checked the contact, then the click that approves.
   */
  | {
      kind: 'checkedConfirm';
      verb: ClaimVerb;
      title: string;
      style: 'positive' | 'destructive' | 'default';
      confirm: string;
      text: string;
      toggleId: string;
      toggleLabel: string;
      toggleError: string;
    }
  /** A button that first shows what it will do, then asks for the click that does it. */
  | { kind: 'confirm'; verb: ClaimVerb; title: string; style: 'positive' | 'destructive' | 'default'; confirm: string; text: string };

export interface ReviewCardData {
  actionData: ReviewActionData;
  /** Opened from the review queue: "Back to queue", to the queue with the filters it had; empty: not shown. */
  backToQueue: string;
  queueFilters: QueueFilterInputs;
  /** Above everything: the clicked card was out of date, an Undo is pending; empty: no row. */
  notice: string;
  title: string;
  statusLine: string;
  /** Attention: rejected; Good: approved or official; Warning: the review is overdue. */
  statusColor: 'Accent' | 'Good' | 'Attention' | 'Warning';
  competingNote: string;
  /** Waiting for a reviewer longer than the target; empty: not overdue. */
  overdueNote: string;
  /** What a reviewer decides on, shown first. */
  facts: Fact[];
  /** Contacts, comments, who submitted: behind "Show details" with the history and the thread. */
  details: Fact[];
  competitors: { heading: string; facts: Fact[] }[];
  history: { line: string }[];
  /** Who did the last thing and when; empty: nothing yet. */
  actedBy: string;
  labels: { refresh: string; history: string; comments: string; showDetails: string; hideDetails: string };
  thread: { line: string }[];
  /** Teams clients of these users refresh the card themselves (at most 60). */
  refreshUserIds: string[];
  actions: ReviewCardAction[];
}

export interface PartnerAnswerCardData {
  title: string;
  request: string;
  label: string;
  /** What an empty answer needs. */
  error: string;
  /** How to send a new proof of execution with the answer (the file first, in the chat). */
  proofNote: string;
  button: string;
  claimId: string;
  partnerTenantId: string;
  version: number;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ClaimListCardData {
  title: string;
  labels: { status: string; solutionArea: string; activity: string; workload: string; customer: string; apply: string; next: string };
  filters: { status: string; solutionArea: string; activity: string; workload: string; customer: string };
  statusChoices: Choice[];
  areaChoices: Choice[];
  activityChoices: Choice[];
  workloadChoices: Choice[];
  rows: { claimId: string; partnerTenantId: string; name: string; line: string }[];
  empty: string;
  /** Empty: no next page. */
  continuation: string;
}

export interface ReviewQueueCardData {
  title: string;
  intro: string;
  labels: {
    status: string;
    solutionArea: string;
    activity: string;
    organisation: string;
    competingOnly: string;
    mineOnly: string;
    apply: string;
    next: string;
    open: string;
    start: string;
    export: string;
  };
  filters: { status: string; solutionArea: string; activity: string; organisation: string; competingOnly: 'true' | 'false'; mineOnly: 'true' | 'false' };
  statusChoices: Choice[];
  areaChoices: Choice[];
  activityChoices: Choice[];
  rows: {
    claimId: string;
    partnerTenantId: string;
    version: number;
    name: string;
    line: string;
    /** Overdue, competing, disputed, partner answered; empty: no flag row. */
    flags: string;
    flagColor: 'Attention' | 'Warning' | 'Default';
    /** Submitted: the row offers Start review. */
    canStart: boolean;
  }[];
  empty: string;
  /** Empty: no next page. */
  continuation: string;
}

export interface DigestCardData {
  title: string;
  /** Claims per state. */
  counts: Fact[];
  /** Overdue reviews, disputes, competing pairs; `empty` when a section has no line. */
  sections: { heading: string; lines: { line: string }[]; empty: string }[];
  /** The button opening the review queue. */
  openQueue: string;
}

export interface ClaimDetailCardData {
  claimId: string;
  partnerTenantId: string;
  version: number;
  /** The claim's updatedAt when the card was made (see ReviewCardData). */
  seen: string;
  /** Undo of a withdrawal within its grace (an Incentives admin): the button's title; empty: none. */
  undo: string;
  title: string;
  statusLine: string;
  note: string;
  facts: Fact[];
  history: { line: string }[];
  labels: { history: string; back: string; comments: string; edit: string };
  thread: { line: string }[];
  /** Draft or "Partner action required", and the viewer is an Incentives admin. */
  canEdit: boolean;
  /** Actions that need a comment (withdraw, dispute), each behind its own form; `error`: what an empty one needs. */
  forms: { verb: ManageVerb; title: string; label: string; error: string; confirm: string; style: 'positive' | 'destructive' | 'default' }[];
  /** When a dispute is offered: how to bring a new proof of execution, said before its form is opened. */
  proofNote: string;
}

/** View model of cards/topic.json. */
export interface TopicCardData {
  title: string;
  answer: string;
  nextStepLabel: string;
  nextStep: string;
  /** No entry, or one: the "Open <claim>" button (verb claim.open). */
  open: { title: string; claimId: string; partnerTenantId: string }[];
  /** The "Other topics" button (verb command): `text` opens the topic list. */
  otherTopics: { title: string; text: string };
}

/** View model of cards/topicList.json: one button per topic (verb command), sending `text`. */
export interface TopicListCardData {
  title: string;
  intro: string;
  topics: { title: string; text: string }[];
}

/** One input of the one-card claim form (its id is the dialog question it answers: one set of validators). */
export interface ClaimFormField {
  id: string;
  kind: 'text' | 'multiline' | 'multi' | 'single';
  label: string;
  /** What the partner typed (kept across re-renders); a multi-select's values comma-separated. */
  value: string;
  placeholder: string;
  /** Empty: no hint row. */
  hint: string;
  /** The server's message for this field; empty: no error row. */
  error: string;
  choices: Choice[];
  /** A duplicate's "Open <claim>" (verb claim.open); empty: none. */
  open: { title: string; claimId: string; partnerTenantId: string }[];
}

/** cards/claimForm.json: every field of a claim for one solution area and activity. */
export interface ClaimFormCardData {
  title: string;
  intro: string;
  /** How many fields need a fix; empty: no notice row. */
  notice: string;
  claimId: string;
  solutionArea: string;
  activity: string;
  programHeading: string;
  programLine: string;
  /** The other solution area / activity pairs, as buttons that re-render the card keeping its values. */
  programs: { title: string; solutionArea: string; activity: string }[];
  /** Customer, what is claimed, contacts, partner: each opened and closed by its heading, one open at a time. */
  sections: ClaimFormSection[];
  submit: string;
}

/** A section of the claim form: its inputs behind a heading that shows or hides them (Action.ToggleVisibility). */
export interface ClaimFormSection {
  /** Element ids are `${id}-body`, `${id}-shown` (the heading when open), `${id}-hidden` (when closed). */
  id: string;
  /** The heading as a button, when the section is open ("▾ 1. Customer") and when it is closed ("▸ …"). */
  hideTitle: string;
  showTitle: string;
  /** destructive when a field of the section needs a fix. */
  style: 'default' | 'destructive';
  expanded: boolean;
  fields: ClaimFormField[];
  /** The next section's id ("" for the last) and the button that opens it. */
  next: string;
  nextTitle: string;
}

/** cards/contact.json: one contact (name, job title, e-mail) of the step-by-step dialog, on one small card. */
export interface ContactCardData {
  /** The question, e.g. "Customer contact: their name, job title and e-mail…". */
  title: string;
  /** Empty: no note row. */
  notice: string;
  button: string;
  /** The dialog question the card answers (customerContact, technicalContact, partnerContact). */
  field: string;
  fields: { id: string; label: string; value: string; placeholder: string; style: 'text' | 'email'; error: string }[];
}

export interface CardViewModels {
  help: HelpCardData;
  claimSummary: ClaimSummaryCardData;
  workloads: WorkloadsCardData;
  choices: ChoicesCardData;
  answered: AnsweredCardData;
  review: ReviewCardData;
  partnerAnswer: PartnerAnswerCardData;
  claimList: ClaimListCardData;
  reviewQueue: ReviewQueueCardData;
  digest: DigestCardData;
  claimDetail: ClaimDetailCardData;
  topic: TopicCardData;
  topicList: TopicListCardData;
  exportLink: { title: string; text: string; button: string; url: string };
  claimForm: ClaimFormCardData;
  /** A duplicate found while the claim is being written, with "Open <claim>". */
  claimConflict: { text: string; open: { title: string; claimId: string; partnerTenantId: string } };
  contact: ContactCardData;
}

export type CardName = keyof CardViewModels;
