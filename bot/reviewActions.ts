// Card actions on a stored claim (Universal Actions): reviewers start, approve, reject or ask for information;
// the partner answers a request. Every action is checked here — role, tenant, state, version — whatever the
// card's data says; a refused action changes nothing and says why. The answer always leaves in time: if the store
// is slow the clicker gets "working on it" and the card updates when the work is done.
import type { AdaptiveCardInvokeResponse, Attachment, TurnContext } from 'botbuilder';
import type { ClaimVerb } from '../cards';
import type { AssociationStore, TransitionInput, TransitionResult } from '../services/associationStore';
import { INFO_REASONS, REVIEWER_REJECTION_REASONS, type Actor, type Claim } from '../services/domain/claim';
import type { ClaimAction } from '../services/domain/lifecycle';
import type { ConversationStore } from '../services/conversationStore';
import type { Logger } from '../services/logger';
import { canClaim, type RoleResolver } from '../services/roles';
import { tenantOf } from './dialogs/newClaimDialog';
import { stringsFor, type Strings } from './i18n';

export interface ReviewActionsDeps {
  claims: AssociationStore;
  conversations: ConversationStore;
  roles: RoleResolver;
  /** The review card for one viewer (with actions when they may act). */
  reviewCardFor(claim: Claim, canAct: boolean, locale?: string): Promise<Attachment>;
  /** Starts delivering the claim's pending notices (partner message, card updates); not awaited. */
  deliver(claim: Claim): void;
  deadlineMs: number;
  /** `days` business days after `from` in the configured calendar (time zone, public holidays). */
  businessDeadline(from: Date, days: number): Date;
  optOutBusinessDays: number;
  log: Logger;
  now?: () => Date;
}

interface ActionData {
  claimId?: unknown;
  partnerTenantId?: unknown;
  version?: unknown;
  reason?: unknown;
  comment?: unknown;
}

export const REVIEWER_ACTIONS: Partial<Record<ClaimVerb, ClaimAction>> = {
  'review.start': 'startReview',
  'review.approve': 'approve',
  'review.reject': 'reject',
  'review.requestInfo': 'requestInfo',
};

type Response = AdaptiveCardInvokeResponse;

/** A partner asked for information has 5 business days to answer (domain brief). */
const PARTNER_ANSWER_DAYS = 5;

/**
 * The invoke's answer, or "working on it" once `ms` have passed (Teams gives up after about 15 s and retries); the
 * work itself always runs to its end. A failure is logged and answered with a plain apology.
 */
export async function answerWithin(ms: number, work: Promise<Response>, context: TurnContext, s: Strings, log: Logger): Promise<Response> {
  const guarded = work.catch((err: unknown) => {
    log.error({ err, activityId: context.activity.id }, 'card action failed');
    return errorResponse(500, s.errors.generic);
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Response>((resolve) => {
    timer = setTimeout(() => resolve(messageResponse(s.review.working)), ms);
  });
  try {
    return await Promise.race([guarded, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorResponse(statusCode: number, message: string): Response {
  return {
    statusCode,
    type: 'application/vnd.microsoft.error',
    value: { code: statusCode === 412 ? 'PreconditionFailed' : statusCode === 403 ? 'Forbidden' : 'BadRequest', message } as never,
  };
}

const cardResponse = (card: Attachment): Response => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card.content as never,
});

const messageResponse = (text: string): Response => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: text as never,
});

export class ReviewActions {
  private readonly now: () => Date;

  constructor(private readonly deps: ReviewActionsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Answers within the deadline; the work itself always runs to the end. */
  async handle(context: TurnContext, verb: ClaimVerb, input: ActionData & Record<string, unknown>): Promise<Response> {
    const s = stringsFor(context.activity.locale);
    // Each form's inputs are named after its verb (ids must be unique on a card); plain names also work.
    const data: ActionData = { ...input, reason: input[`${verb}.reason`] ?? input.reason, comment: input[`${verb}.comment`] ?? input.comment };
    return answerWithin(this.deps.deadlineMs, this.act(context, verb, data, s), context, s, this.deps.log);
  }

  private async act(context: TurnContext, verb: ClaimVerb, data: ActionData, s: Strings): Promise<Response> {
    const { activity } = context;
    const actorTenant = tenantOf(activity) ?? '';
    const actor: Actor = { id: activity.from.id, name: activity.from.name ?? activity.from.id, aadObjectId: activity.from.aadObjectId };
    const roles = await this.deps.roles.rolesOf({ tenantId: actorTenant, userId: actor.id, aadObjectId: actor.aadObjectId });
    const claimId = typeof data.claimId === 'string' ? data.claimId : '';
    const partnerTenantId = typeof data.partnerTenantId === 'string' ? data.partnerTenantId : '';
    const claim = claimId && partnerTenantId ? await this.deps.claims.get(partnerTenantId, claimId) : undefined;
    if (!claim) return errorResponse(400, s.review.errors.unknownClaim);

    if (verb === 'partner.respond') return this.partnerRespond(claim, actor, actorTenant, roles.size > 0 && canClaim(roles), data, s);

    const reviewer = roles.has('reviewer') && (await this.inReviewerTenant(actorTenant));
    if (verb === 'review.refresh') {
      // Reviewers, and the claim's own organisation (read-only); nobody else learns anything from a forged id.
      if (!reviewer && !(actorTenant === claim.partnerTenantId && canClaim(roles))) return errorResponse(403, s.review.errors.notReviewer);
      return cardResponse(await this.deps.reviewCardFor(claim, reviewer, activity.locale));
    }
    if (!roles.has('reviewer')) return errorResponse(403, s.review.errors.notReviewer);
    if (!reviewer) return errorResponse(403, s.review.errors.otherTenant);

    if (verb === 'review.comment') {
      const text = typeof data.comment === 'string' ? data.comment.trim() : '';
      if (!text || text.length > 2000) return errorResponse(400, s.review.errors.commentRequired);
      const updated = await this.deps.claims.addComment(claim, { at: this.now().toISOString(), by: actor, side: 'reviewer', text });
      if (!updated) return errorResponse(400, s.review.errors.unknownClaim);
      this.deps.deliver(updated);
      return cardResponse(await this.deps.reviewCardFor(updated, true, activity.locale));
    }
    const action = REVIEWER_ACTIONS[verb];
    if (!action) return errorResponse(400, s.errors.unknownAction);
    const input: TransitionInput = { action, actor, expectedVersion: Number(data.version) };
    if (action === 'reject' || action === 'requestInfo') {
      const reasons: readonly string[] = action === 'reject' ? REVIEWER_REJECTION_REASONS : INFO_REASONS;
      if (typeof data.reason !== 'string' || !reasons.includes(data.reason)) return errorResponse(400, s.review.errors.reasonRequired);
      const comment = typeof data.comment === 'string' ? data.comment.trim() : '';
      if (!comment || comment.length > 2000) return errorResponse(400, s.review.errors.commentRequired);
      input.reason = data.reason;
      input.comment = comment;
    }
    if (action === 'startReview') input.set = { reviewer: actor };
    if (action === 'requestInfo') input.set = { partnerActionDeadline: this.deps.businessDeadline(this.now(), PARTNER_ANSWER_DAYS).toISOString() };
    // Fixed at approval and stored: the customer's window does not move if the calendar settings change later.
    if (action === 'approve') input.set = { optOutDeadline: this.deps.businessDeadline(this.now(), this.deps.optOutBusinessDays).toISOString() };
    // From the claim as just read (no second read); a conflicting write in between re-reads.
    return this.applied(await this.deps.claims.transition(claim, input, { current: claim }), s, (updated) =>
      this.deps.reviewCardFor(updated, true, activity.locale),
    );
  }

  private async partnerRespond(claim: Claim, actor: Actor, actorTenant: string, isPartner: boolean, data: ActionData, s: Strings): Promise<Response> {
    if (actorTenant !== claim.partnerTenantId || !isPartner) return errorResponse(403, s.review.errors.notOwner);
    const comment = typeof data.comment === 'string' ? data.comment.trim() : '';
    if (!comment || comment.length > 2000) return errorResponse(400, s.review.errors.commentRequired);
    const result = await this.deps.claims.transition(claim, {
      action: 'partnerRespond',
      actor,
      comment,
      expectedVersion: Number(data.version),
      set: { partnerActionDeadline: undefined },
    });
    return this.applied(result, s, async () => ({ contentType: 'text', content: s.partnerNotices.answered }));
  }

  /** Turns a transition's outcome into the invoke response, and starts the notices of a done one. */
  private async applied(result: TransitionResult, s: Strings, cardOf: (claim: Claim) => Promise<Attachment>): Promise<Response> {
    switch (result.kind) {
      case 'notFound':
        return errorResponse(400, s.review.errors.unknownClaim);
      case 'notAllowed':
        return errorResponse(400, s.review.errors.notAllowed(s.statuses[result.claim.status]));
      case 'stale': {
        const last = result.claim.history[result.claim.history.length - 1];
        return errorResponse(412, s.review.errors.alreadyDecided(last.by.name, s.statuses[result.claim.status]));
      }
      case 'done': {
        this.deps.deliver(result.claim);
        const card = await cardOf(result.claim);
        return card.contentType === 'text' ? messageResponse(String(card.content)) : cardResponse(card);
      }
    }
  }

  /** Reviews are done from the tenant that holds the review channel (when one is set). */
  private async inReviewerTenant(tenantId: string): Promise<boolean> {
    const channel = await this.deps.conversations.reviewChannel();
    return !channel || channel.tenantId === tenantId;
  }
}
