// What the partner reads in their chat for a notice of their claim: the text for the action (or comment, or
// reminder) in the partner's language (the one they chose, else the claim's), and the answer card when a reviewer
// asked for information. Pure: no I/O.
import type { Attachment } from 'botbuilder';
import { cardAttachment } from '../../cards';
import { coverageOf, type Claim, type Notice } from '../../services/domain/claim';
import { disputableUntil, type ClaimAction, type DomainPolicy } from '../../services/domain/rules';
import { liveSlots, slotLabels, slotResults } from '../../services/domain/competition';
import { formatDeadline } from '../../services/customerNotice';
import { languageOf, stringsFor, type Strings } from '../../services/strings';
import { formatInstant } from '../../services/formatting';

export interface PartnerMessageOptions {
  /** The reader's language (the one they chose, else the claim's). */
  locale?: string;
  /**
   * The reader may not dispute (an Incentives user, the organisation's channel): a rejection's notice names who
   * may, these Incentives admins. Undefined: the reader may dispute, and is told how.
   */
  disputers?: readonly string[];
  /** The reader's own 1:1 chat, where a request for information can be answered on a card (not a channel). */
  answerCard?: boolean;
}

/**
 * Every action a claim's history records: the transitions, the competition's slot changes (competition.ts), and the
 * acts that keep the state. Each has its partner text below (a missing one does not compile).
 */
export type HistoryAction = ClaimAction | 'created' | 'edit' | 'undo' | 'resendCustomerMail' | 'hold' | 'resume' | 'loseSlots';
const HISTORY_ACTIONS: Record<HistoryAction, true> = {
  submit: true,
  startReview: true,
  approve: true,
  reject: true,
  requestInfo: true,
  partnerRespond: true,
  expirePartnerAction: true,
  customerDecline: true,
  makeOfficial: true,
  withdraw: true,
  dispute: true,
  rejectCompeting: true,
  supersede: true,
  created: true,
  edit: true,
  undo: true,
  resendCustomerMail: true,
  hold: true,
  resume: true,
  loseSlots: true,
};
const isHistoryAction = (action: string): action is HistoryAction => Object.prototype.hasOwnProperty.call(HISTORY_ACTIONS, action);

export interface PartnerMessage {
  text: string;
  attachments: Attachment[];
}

export function partnerMessage(claim: Claim, notice: Notice, policy: DomainPolicy, opts: PartnerMessageOptions = {}): PartnerMessage {
  const locale = opts.locale ?? claim.locale;
  const s = stringsFor(locale);
  const index = claim.history[notice.historyIndex] ? notice.historyIndex : claim.history.length - 1;
  const entry = claim.history[index];
  const n = s.partnerNotices;
  const deadline = claim.partnerActionDeadline ? formatInstant(claim.partnerActionDeadline) : '';
  const named = (labels: readonly string[] | undefined) => (labels ?? []).join(', ');
  const lost = slotResults(claim)
    .filter((slot) => slot.result === 'lost' || slot.result === 'superseded')
    .map((slot) => slot.label);
  const statusChanged = () => n.statusChanged(claim.name, claim.id, s.statuses[claim.status]);
  const texts: Record<HistoryAction, () => string> = {
    submit: () => n.submit(claim.name, claim.id),
    startReview: () => n.startReview(claim.name, claim.id),
    approve: () => n.approve(claim.name, claim.id, claim.optOutDeadline ? formatInstant(claim.optOutDeadline) : '—'),
    reject: () => n.reject(claim.name, claim.id, entry.reason ?? '', entry.comment ?? ''),
    rejectCompeting: () => n.rejectCompeting(claim.name, claim.id, named(entry.slots) || coverageOf(claim)),
    hold: () => n.hold(claim.name, claim.id, named(entry.slots)),
    resume: () => n.resume(claim.name, claim.id, named(entry.slots), s.statuses[claim.status]),
    loseSlots: () =>
      (entry.to === 'Official' ? n.supersedeSlots : n.loseSlots)(claim.name, claim.id, named(entry.slots), named(slotLabels(claim, liveSlots(claim)))),
    supersede: () => n.supersede(claim.name, claim.id),
    requestInfo: () => n.requestInfo(claim.name, claim.id, entry.reason ?? '', entry.comment ?? '', deadline),
    expirePartnerAction: () => n.expirePartnerAction(claim.name, claim.id, policy.partnerResponseBusinessDays),
    customerDecline: () => n.customerDecline(claim.name, claim.id),
    makeOfficial: () =>
      n.makeOfficial(claim.name, claim.id, claim.customerTenantId, named(slotLabels(claim, liveSlots(claim)))) +
      (lost.length > 0 ? n.officialWithout(named(lost)) : ''),
    // The partner's own acts, and what keeps the state: the status as it is now.
    partnerRespond: statusChanged,
    withdraw: statusChanged,
    dispute: statusChanged,
    created: statusChanged,
    edit: statusChanged,
    undo: statusChanged,
    resendCustomerMail: statusChanged,
  };
  const comment = notice.commentIndex !== undefined ? claim.thread?.[notice.commentIndex] : undefined;
  const reminders = { answerDue: () => n.reminderAnswerDue(claim.name, claim.id, deadline), draftIdle: () => n.reminderDraftIdle(claim.name, claim.id) };
  const news = notice.reminder
    ? reminders[notice.reminder]()
    : comment
      ? n.comment(claim.name, claim.id, comment.by.name, comment.text)
      : // An action this version does not know (written by a newer one during a rolling deploy): the status as it is.
        isHistoryAction(entry.action)
        ? texts[entry.action]()
        : statusChanged();
  const until = notice.reminder || comment ? undefined : disputableUntil(claim, index, policy);
  const text = until ? `${news} ${howToDispute(n, formatDeadline(until, policy.calendar.timeZone, languageOf(locale)), opts.disputers)}` : news;
  const attachments =
    opts.answerCard !== false && !comment && entry.action === 'requestInfo' && claim.status === 'PartnerActionRequired'
      ? [
          cardAttachment('partnerAnswer', {
            title: n.answerTitle,
            request: `${entry.reason ?? ''}${entry.comment ? `: ${entry.comment}` : ''}`,
            label: n.answerLabel,
            error: n.answerError,
            proofNote: n.answerProofNote,
            button: n.answerButton,
            claimId: claim.id,
            partnerTenantId: claim.partnerTenantId,
            version: claim.version,
          }),
        ]
      : [];
  return { text, attachments };
}

/** A disputable rejection's last sentence: how to dispute it, or (to whoever may not) which admins can. */
function howToDispute(n: Strings['partnerNotices'], until: string, disputers: readonly string[] | undefined): string {
  if (!disputers) return n.disputeHow(until);
  return disputers.length > 0 ? n.disputeBy(disputers.join(', '), until) : n.disputeByUnknown(until);
}
