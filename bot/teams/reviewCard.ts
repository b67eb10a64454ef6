// The review card's view model: the claim, its competitors side by side, its history, and the actions the viewer
// may take in the claim's state. Pure: the caller supplies links and who is looking.
import type { Attachment } from 'botbuilder';
import { APPROVE_CONTACT_TOGGLE, cardAttachment, md, type Fact, type QueueFilterInputs, type ReviewCardAction, type ReviewCardData } from '../../cards';
import { heldSlots, INFO_REASONS, REVIEWER_REJECTION_REASONS, proofsOf, type Claim, type HistoryEntry, type ThreadComment } from '../../services/domain/claim';
import { slotLabels } from '../../services/domain/competition';
import { contactCheckOf, contactNeedsReview } from '../../services/domain/consent';
import { allowedActions, failedCustomerMail, isDisputed, reviewAge, type DomainPolicy } from '../../services/domain/rules';
import { coverageWithResults, summaryFacts } from './claimFacts';
import { formatInstant, formatSize, formatTime } from '../../services/formatting';
import type { Strings } from '../../services/strings';
import { statusLabel } from './invokeResponses';

export interface ReviewView {
  /** The viewer is a reviewer: show the actions the state allows. */
  canAct: boolean;
  /** Signed download link of each claim's proof of execution, by file id. */
  poeUrl: (fileId: string) => string;
  refreshUserIds: string[];
  /** Now, and the windows: what the reviewer may do, the review age and "Rejected, final" depend on them. */
  at: Date;
  policy: DomainPolicy;
  /** A line above everything (the clicked card was out of date: what changed); empty or absent: none. */
  notice?: string;
  /** Opened from the review queue: "Back to queue", with the queue's filters, kept by every button of the card. */
  backToQueue?: QueueFilterInputs;
}

/** "Contoso Ltd (tenant id)", or the tenant id alone when the organisation's name is unknown. */
const organisation = (claim: Claim) => (claim.partnerName ? `${md(claim.partnerName)} (${claim.partnerTenantId})` : claim.partnerTenantId);

/**
 * What approving does to other organisations' claims on the same slots (shown before the click): the
 * not-yet-approved are put on hold there, an official association ends there when this one becomes official.
 */
export interface ApprovalEffects {
  holds: number;
  supersedes: number;
}

function approvalEffects(competitors: Claim[]): ApprovalEffects {
  const supersedes = competitors.filter((c) => c.status === 'Official').length;
  return { holds: competitors.filter((c) => c.status !== 'Official' && c.status !== 'Approved').length, supersedes };
}

/** The customer e-mail of an approved claim: sent (when), not yet, or failed (why). */
function customerMailFact(claim: Claim, s: Strings): string | undefined {
  if (claim.status !== 'Approved' && claim.status !== 'Official') return undefined;
  if (claim.customerNotifiedAt) return s.review.customerMailSent(formatInstant(claim.customerNotifiedAt));
  const failed = failedCustomerMail(claim);
  return failed ? s.review.customerMailFailed(failed.lastError ?? '') : s.review.customerMailPending;
}

/** One comment of a claim's thread on a card. */
export function threadLine(c: ThreadComment, s: Strings): string {
  return `${formatInstant(c.at)} · ${md(c.by.name)} (${c.side === 'reviewer' ? s.review.reviewerSide : s.review.partnerSide}): ${md(c.text)}`;
}

/**
 * While an approval or a withdrawal may be undone: what it did and when it takes effect, for everyone who sees the
 * card (only those who may take that action get the button).
 */
export function undoNote(claim: Claim, at: Date, s: Strings): string {
  const undo = claim.undo;
  if (!undo || undo.version !== claim.version || Date.parse(undo.until) <= at.getTime()) return '';
  return s.review.undoNote(undo.action, formatTime(undo.until));
}

/**
 * What changed on a claim since a card showed it (`seen`: the claim's updatedAt then): the history entries, the
 * customer e-mail, the comments since; the last entry when the card did not say when it was shown.
 */
export function changesSince(claim: Claim, seen: string | undefined, s: Strings): string {
  const after = (at: string) => seen !== undefined && at > seen;
  const lines =
    seen === undefined ? claim.history.slice(-1).map((h) => historyLine(h, s)) : claim.history.filter((h) => after(h.at)).map((h) => historyLine(h, s));
  if (claim.customerNotifiedAt && after(claim.customerNotifiedAt)) lines.push(s.review.changes.mailSent(formatInstant(claim.customerNotifiedAt)));
  for (const c of claim.thread ?? []) if (after(c.at)) lines.push(s.review.changes.comment(md(c.by.name)));
  return lines.length ? lines.join('; ') : s.review.changes.unknown;
}

/** One history entry on a card: when, who, what, from → to, reason, comment. */
export function historyLine(h: HistoryEntry, s: Strings): string {
  return (
    `${formatInstant(h.at)} · ${h.action === 'customerDecline' ? s.review.customerViaOptOut : md(h.by.name)}: ${s.review.actions[h.action as keyof typeof s.review.actions] ?? h.action}` +
    `${h.from ? ` (${s.statuses[h.from]} → ${s.statuses[h.to]})` : ''}${h.slots?.length ? ` · ${md(h.slots.join(', '))}` : ''}${h.reason ? ` · ${h.reason}` : ''}${h.comment ? ` · "${md(h.comment)}"` : ''}`
  );
}

/** Facts of the claim a reviewer decides on, shown first; the others go behind "Show details". */
const KEY_FACTS = ['customerDomain', 'customerTenantId', 'workloads', 'product', 'subscriptionId', 'activity'] as const;

/** Every proof of execution of a claim, oldest first, each a signed download link with its size and upload time. */
function proofLinks(claim: Claim, view: Pick<ReviewView, 'poeUrl'>, s: Strings): string {
  const proofs = proofsOf(claim);
  if (proofs.length === 0) return s.claim.noPoe;
  return proofs.map((p) => `[${md(p.fileName)}](${view.poeUrl(p.fileId)}) (${formatSize(p.size)}, ${formatInstant(p.uploadedAt)})`).join('\n\n');
}

/** The approve form's tick "I checked the customer contact" (its payload is read in cards/verbs.ts). */
export { APPROVE_CONTACT_TOGGLE };

/** The status line's colour: attention for a rejection, good once approved, warning when the review is overdue. */
function statusColor(claim: Claim, overdue: boolean): ReviewCardData['statusColor'] {
  if (claim.status === 'Rejected') return 'Attention';
  if (claim.status === 'Approved' || claim.status === 'Official') return 'Good';
  return overdue ? 'Warning' : 'Accent';
}

export function reviewCardData(claim: Claim, competitors: Claim[], view: ReviewView, s: Strings): ReviewCardData {
  const r = s.review;
  const all = summaryFacts({ claimId: claim.id, partnerTenantId: claim.partnerTenantId, me: { name: '' }, fields: claim, poe: claim.poe }, s, claim);
  const keyTitles = KEY_FACTS.map((k) => s.claim.labels[k]);
  const facts: Fact[] = [
    { title: r.labels.partnerOrganisation, value: organisation(claim) },
    ...keyTitles.flatMap((title) => all.filter((f) => f.title === title)),
    { title: r.labels.tenantCheck, value: r.tenantChecks[claim.tenantCheck ?? 'notChecked'] },
    { title: r.labels.contactCheck, value: r.contactChecks[contactCheckOf(claim)](md(claim.customerContact?.email ?? '')) },
    { title: r.labels.poe, value: proofLinks(claim, view, s) },
  ];
  const details: Fact[] = [
    ...all.filter((f) => !keyTitles.includes(f.title) && f.title !== s.claim.labels.poe),
    { title: r.labels.submittedBy, value: `${md(claim.createdBy.name)} (${formatInstant(claim.createdAt)})` },
  ];
  const age = reviewAge(claim, view.at, view.policy);
  if (age) facts.push({ title: r.labels.waiting, value: r.waitingDays(age.days) });
  if (claim.reviewer) facts.push({ title: r.labels.reviewer, value: md(claim.reviewer.name) });
  if (claim.partnerActionDeadline && claim.status === 'PartnerActionRequired') {
    facts.push({ title: r.labels.deadline, value: formatInstant(claim.partnerActionDeadline) });
  }
  if (claim.optOutDeadline && claim.status === 'Approved') facts.push({ title: s.manage.optOutUntil, value: formatInstant(claim.optOutDeadline) });
  const mail = customerMailFact(claim, s);
  if (mail) facts.push({ title: r.labels.customerMail, value: mail });
  const last = claim.history[claim.history.length - 1];
  const allowed = view.canAct ? allowedActions(claim, 'reviewer', view.at, view.policy) : [];
  const actions: ReviewCardAction[] = [];
  if (claim.poe) actions.push({ kind: 'openUrl', title: r.openPoe(claim.poe.fileName), url: view.poeUrl(claim.poe.fileId) });
  if (allowed.includes('startReview')) actions.push({ kind: 'execute', verb: 'review.start', title: r.startReview, style: 'positive' });
  if (allowed.includes('approve')) {
    const effects = approvalEffects(competitors);
    const takesSlots = effects.holds + effects.supersedes > 0;
    const approve = { verb: 'review.approve', title: r.approve, style: 'positive', confirm: r.confirmApprove } as const;
    // Approving takes the slot from other organisations: the reviewer reads what it does before the click. A contact
    // that could not be verified must be checked (and said so) first: the customer's consent goes to that address.
    if (contactNeedsReview(claim)) {
      const toggle = { toggleId: APPROVE_CONTACT_TOGGLE, toggleLabel: r.contactCheckedToggle, toggleError: r.contactCheckedError };
      actions.push({ kind: 'checkedConfirm', ...approve, ...toggle, text: takesSlots ? r.approveEffects(effects) : '' });
    } else if (takesSlots) actions.push({ kind: 'confirm', ...approve, text: r.approveEffects(effects) });
    else actions.push({ kind: 'execute', verb: 'review.approve', title: r.approve, style: 'positive' });
  }
  const form = (verb: 'review.reject' | 'review.requestInfo') =>
    ({
      kind: 'form',
      verb,
      reasonLabel: r.reasonLabel,
      commentLabel: r.commentLabel,
      reasonError: r.formErrors[verb].reason,
      commentError: r.formErrors[verb].comment,
    }) as const;
  if (allowed.includes('reject')) {
    actions.push({
      ...form('review.reject'),
      title: r.reject,
      style: 'destructive',
      confirm: r.confirmReject,
      reasons: REVIEWER_REJECTION_REASONS.map((value) => ({ title: r.rejectionReasons[value], value })),
    });
  }
  if (allowed.includes('requestInfo')) {
    actions.push({
      ...form('review.requestInfo'),
      title: r.requestInfo,
      style: 'default',
      confirm: r.confirmRequest, // Partner Center's own words, in every language.
      reasons: INFO_REASONS.map((value) => ({ title: value, value })),
    });
  }
  if (allowed.includes('undo')) actions.unshift({ kind: 'execute', verb: 'review.undo', title: r.undo, style: 'destructive' });
  if (view.canAct && failedCustomerMail(claim)) {
    actions.push({ kind: 'execute', verb: 'review.resendCustomerMail', title: r.resendCustomerMail, style: 'default' });
  }
  if (allowed.includes('comment')) {
    actions.push({
      kind: 'commentForm',
      verb: 'review.comment',
      title: s.manage.addComment,
      confirm: s.manage.commentConfirm,
      commentLabel: s.manage.commentLabel,
      commentError: r.commentError,
    });
  }
  const claimRef = { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version, seen: claim.updatedAt };
  return {
    actionData: view.backToQueue ? { ...claimRef, fromQueue: true, ...view.backToQueue } : claimRef,
    backToQueue: view.backToQueue ? r.backToQueue : '',
    queueFilters: view.backToQueue ?? {},
    notice: [view.notice ?? '', undoNote(claim, view.at, s)].filter(Boolean).join('\n\n'),
    title: r.title(md(claim.name)),
    statusColor: statusColor(claim, age?.overdue ?? false),
    statusLine: r.status(statusLabel(claim, view.at, view.policy, s), claim.id) + (isDisputed(claim) ? ` · ${s.manage.disputedNote}` : ''),
    overdueNote: age?.overdue ? r.overdue(age.days, view.policy.reviewBusinessDays) : '',
    competingNote: [
      claim.competing || competitors.length > 0 ? r.competing : '',
      heldSlots(claim).length > 0 ? r.held(md(slotLabels(claim, heldSlots(claim)).join(', '))) : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    facts,
    details,
    competitors: competitors.map((other, i) => ({
      heading: r.competitorHeading(i + 1),
      facts: [
        { title: r.labels.partnerOrganisation, value: organisation(other) },
        { title: s.claim.labels.partnerId, value: other.partnerId },
        { title: s.claim.labels.status, value: s.statuses[other.status] },
        { title: r.labels.createdAt, value: formatInstant(other.createdAt) },
        { title: s.claim.labels.workloads, value: md(coverageWithResults(other, s)) },
        { title: r.labels.poe, value: proofLinks(other, view, s) },
      ],
    })),
    history: claim.history.map((h) => ({ line: historyLine(h, s) })),
    actedBy:
      !last || claim.version <= 1
        ? ''
        : last.action === 'customerDecline'
          ? r.declinedByCustomer(formatInstant(last.at))
          : r.actedBy(md(last.by.name), s.statuses[last.to], formatInstant(last.at)),
    labels: { refresh: r.refresh, history: r.history, comments: s.manage.comments, showDetails: r.showDetails, hideDetails: r.hideDetails },
    thread: (claim.thread ?? []).map((c) => ({ line: threadLine(c, s) })),
    refreshUserIds: view.refreshUserIds.slice(0, 60),
    actions,
  };
}

export function reviewCard(claim: Claim, competitors: Claim[], view: ReviewView, s: Strings): Attachment {
  return cardAttachment('review', reviewCardData(claim, competitors, view, s));
}
