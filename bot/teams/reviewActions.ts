// Card actions on a stored claim (Universal Actions): reviewers start, approve, reject or ask for information;
// the partner answers a request. Every action is checked here — role, tenant, state, version — whatever the
// card's data says; a refused action changes nothing and says why. The invoke deadline is the web route's
// (bot/web/messagesRoute.ts): if the store is slow the clicker gets "working on it" and the card updates later.
import type { Attachment, TurnContext } from 'botbuilder';
import type { CardPayload, ClaimVerb, QueueFilterInputs } from '../../cards';
import type { AssociationStore, TransitionResult } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { Claim } from '../../services/domain/claim';
import { MAX_THREAD_COMMENTS, applyAction, type ClaimAction } from '../../services/domain/rules';
import type { PendingProofs } from './pendingProofs';
import { LIMITS } from '../../services/domain/validation';
import type { ConversationStore } from '../../services/conversationStore';
import type { Logger } from '../../services/logger';
import type { RoleResolver } from '../../services/roles';
import { actorOf, isPartner, isReviewer, partnerParty, type ActingUser } from './actor';
import { stringsFor, type Strings } from '../../services/strings';
import { cardResponse, errorResponse, messageResponse, notDoneResponse, undoRefusalText, type Response } from './invokeResponses';
import { rememberCopy } from './cardCopies';
import { changesSince } from './reviewCard';

export interface ReviewActionsDeps {
  claims: AssociationStore;
  conversations: ConversationStore;
  roles: RoleResolver;
  /** The review card for one viewer (with actions when they may act; "Back to queue" when opened from it), with a line above it when given. */
  reviewCardFor(claim: Claim, canAct: boolean, locale?: string, opts?: { backToQueue?: QueueFilterInputs; notice?: string }): Promise<Attachment>;
  /** Starts delivering the claim's pending notices (partner message, card updates); not awaited. */
  deliver(claim: Claim): void;
  /** A file the partner sent in the chat just before answering: the answer's new proof of execution. */
  pendingProofs: Pick<PendingProofs, 'take' | 'keep'>;
  log: Logger;
  clock: Clock;
}

/** What a review card's button (or the partner's answer card's) sends, checked (cards/verbs.ts). */
type ActionData = CardPayload<ClaimVerb>;

export const REVIEWER_ACTIONS: Partial<Record<ClaimVerb, ClaimAction>> = {
  'review.start': 'startReview',
  'review.approve': 'approve',
  'review.reject': 'reject',
  'review.requestInfo': 'requestInfo',
};

const text = (value: string | undefined): string | undefined => value?.trim();

/**
 * Why this user may not act on (or see) the claim as its partner, or undefined when they may: an Incentives admin
 * or user of the claim's own organisation, in their 1:1 chat (a card's answer in a channel may be another
 * organisation's, and its members would see it).
 */
function partnerRefusal(claim: Claim, acting: ActingUser): 'notOwner' | 'personalOnly' | undefined {
  if (acting.tenantId !== claim.partnerTenantId || !isPartner(acting)) return 'notOwner';
  if (acting.where !== 'personal') return 'personalOnly';
  return undefined;
}

export class ReviewActions {
  constructor(private readonly deps: ReviewActionsDeps) {}

  handle(context: TurnContext, verb: ClaimVerb, data: ActionData): Promise<Response> {
    return this.act(context, verb, data, stringsFor(context.activity.locale));
  }

  private async act(context: TurnContext, verb: ClaimVerb, data: ActionData, s: Strings): Promise<Response> {
    const { activity } = context;
    const acting = await actorOf(context, this.deps);
    const { actor } = acting;
    const { claimId, partnerTenantId } = data;
    const claim = claimId && partnerTenantId ? await this.deps.claims.get(partnerTenantId, claimId) : undefined;
    if (!claim) return errorResponse(400, s.review.errors.unknownClaim);

    if (verb === 'partner.respond') return this.partnerRespond(context, claim, acting, data, s);

    const reviewer = isReviewer(acting) && (await this.inReviewerTenant(acting.tenantId));
    // Opened from the review queue: the card keeps its way back, to the queue as it was filtered, whatever is clicked.
    const backToQueue = reviewer && data.fromQueue ? data.filters : undefined;
    const cardOf = (current: Claim, canAct = true, notice?: string) => this.deps.reviewCardFor(current, canAct, activity.locale, { backToQueue, notice });
    if (verb === 'review.refresh') {
      // Reviewers, and the claim's own organisation (read-only, in its 1:1 chat); nobody else learns anything.
      const refusal = reviewer ? undefined : partnerRefusal(claim, acting);
      if (refusal) return errorResponse(403, refusal === 'notOwner' ? s.review.errors.notReviewer : s.review.errors.personalOnly);
      // Opened from the queue (or anywhere but the posts): kept current with every later change.
      this.remember(claim, context, reviewer, backToQueue);
      return cardResponse(await cardOf(claim, reviewer));
    }
    if (!isReviewer(acting)) return errorResponse(403, s.review.errors.notReviewer);
    if (!reviewer) return errorResponse(403, s.review.errors.otherTenant);

    if (verb === 'review.undo') {
      const undone = await this.deps.claims.undo(claim, actor, 'reviewer');
      if (undone.kind !== 'done') return errorResponse(409, undoRefusalText(undone, s));
      this.deps.deliver(undone.claim);
      return cardResponse(await cardOf(undone.claim, true, s.review.undone('approve')));
    }

    if (verb === 'review.comment') {
      const comment = text(data.comment) ?? '';
      if (!comment || comment.length > LIMITS.comments) return errorResponse(400, s.review.errors.commentRequired);
      const updated = await this.deps.claims.addComment(claim, { at: this.deps.clock.now().toISOString(), by: actor, side: 'reviewer', text: comment });
      if (updated === 'threadFull') return errorResponse(400, s.errors.threadFull(MAX_THREAD_COMMENTS));
      if (!updated) return errorResponse(400, s.review.errors.unknownClaim);
      this.deps.deliver(updated);
      return cardResponse(await cardOf(updated));
    }
    if (verb === 'review.resendCustomerMail') {
      const resent = await this.deps.claims.resendCustomerMail(claim, actor);
      if (resent === 'nothingToResend') return errorResponse(409, s.review.errors.nothingToResend);
      this.deps.deliver(resent);
      return cardResponse(await cardOf(resent));
    }
    const action = REVIEWER_ACTIONS[verb];
    if (!action) return errorResponse(400, s.errors.unknownAction);
    const result = await this.deps.claims.transition(
      claim,
      {
        action,
        actor,
        party: 'reviewer',
        expectedVersion: data.version,
        reason: text(data.reason),
        comment: text(data.comment),
        contactChecked: data.contactChecked,
      },
      // From the claim as just read (no second read); a conflicting write in between re-reads.
      { current: claim },
    );
    // A card older than the claim: the claim as it is now and what changed since; nothing is done on old data.
    if (result.kind === 'refused' && result.refusal.kind === 'stale') {
      const changes = changesSince(result.claim, text(data.seen) || undefined, s);
      return cardResponse(await cardOf(result.claim, true, s.review.outOfDate(changes)));
    }
    return this.applied(result, s, async (updated) => {
      // The clicked message shows this claim's review card from now on (a queue row's Start review, too).
      this.remember(updated, context, true, backToQueue);
      return cardOf(updated);
    });
  }

  private remember(claim: Claim, context: TurnContext, reviewer: boolean, backToQueue: QueueFilterInputs | undefined): void {
    rememberCopy(this.deps.claims, claim, context.activity, { view: reviewer ? 'review' : 'reviewReadOnly', backToQueue }, this.deps.log);
  }

  private async partnerRespond(context: TurnContext, claim: Claim, acting: ActingUser, data: ActionData, s: Strings): Promise<Response> {
    const refusal = partnerRefusal(claim, acting);
    if (refusal) return errorResponse(403, s.review.errors[refusal]);
    const input = {
      action: 'partnerRespond' as const,
      actor: acting.actor,
      party: partnerParty(acting),
      comment: text(data.comment),
      expectedVersion: data.version,
    };
    // Refused answers keep the file for the next try: it is taken only once the answer is allowed.
    const check = applyAction(claim, { ...input, at: this.deps.clock.now() }, this.deps.claims.policy);
    const poe = check.ok ? await this.deps.pendingProofs.take(context) : undefined;
    const result = await this.deps.claims.transition(claim, { ...input, poe });
    // Refused at the write (another change came first): the file waits for the next try, as before the click.
    if (result.kind !== 'done' && poe) await this.deps.pendingProofs.keep(context, poe);
    const said = poe ? s.partnerNotices.answeredWithProof(poe.fileName) : s.partnerNotices.answered;
    return this.applied(result, s, () => Promise.resolve({ contentType: 'text', content: said }));
  }

  /** Turns a transition's outcome into the invoke response, and starts the notices of a done one. */
  private async applied(result: TransitionResult, s: Strings, cardOf: (claim: Claim) => Promise<Attachment>): Promise<Response> {
    if (result.kind !== 'done') return notDoneResponse(result, this.deps.clock.now(), this.deps.claims.policy, s);
    this.deps.deliver(result.claim);
    const card = await cardOf(result.claim);
    return card.contentType === 'text' ? messageResponse(String(card.content)) : cardResponse(card);
  }

  /** Reviews are done from the reviewers' organisation: the one that set the review channel (when one is set). */
  private async inReviewerTenant(tenantId: string | undefined): Promise<boolean> {
    const channel = await this.deps.conversations.reviewChannel();
    return tenantId !== undefined && (!channel || channel.tenantId === tenantId);
  }
}
