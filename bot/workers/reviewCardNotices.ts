// Sends a review-card notice (noticeDelivery.ts leases it and records the outcome): every copy of the claim's card
// opened from a list is updated for its viewer, then the card where reviewers work is posted the first time and
// updated in place afterwards.
import type { Attachment, ConversationReference } from 'botbuilder';
import type { AssociationStore } from '../../services/associationStore';
import type { CardCopy, Claim } from '../../services/domain/claim';
import { reviewed } from '../../services/domain/rules';
import type { ConversationRecord, ConversationStore } from '../../services/conversationStore';
import { conversationKey } from '../../services/conversationStore';
import type { RoleResolver } from '../../services/roles';
import { proactiveTurn, type ProactiveAdapter } from './proactiveTurn';
import { isGone, NotYet } from './noticeFailures';

export interface ReviewCardNoticesDeps {
  adapter: Pick<ProactiveAdapter, 'continueConversationAsync'>;
  appId: string;
  claims: AssociationStore;
  conversations: ConversationStore;
  roles: RoleResolver;
  /** The review card as a reviewer sees it. */
  reviewCardFor(claim: Claim): Promise<Attachment>;
  /** The card a copy opened elsewhere shows (review or detail card, for that viewer). */
  copyCardFor?(claim: Claim, copy: CardCopy): Promise<Attachment>;
}

export class ReviewCardNotices {
  /** `gate` takes the send gate (sendGate.ts) for a new post until it is recorded; resolves with its release. */
  constructor(
    private readonly deps: ReviewCardNoticesDeps,
    private readonly gate: () => Promise<() => void>,
  ) {}

  /**
   * Posts the card where reviewers work (first time), or updates every posted copy; then every copy opened from a
   * list (review queue, my associations).
   */
  async send(claim: Claim): Promise<void> {
    await this.updateCopies(claim);
    if (reviewed(claim)) await this.postReviewCard(claim);
  }

  private update(reference: Partial<ConversationReference>, activityId: string, card: Attachment): Promise<void> {
    return proactiveTurn(this.deps.adapter, this.deps.appId, reference, async (context) => {
      await context.updateActivity({ type: 'message', id: activityId, attachments: [card] });
    });
  }

  /**
   * Updates each opened copy in place for its viewer. A copy whose message is gone (403/404: deleted, the app
   * removed) is forgotten instead of failing the others.
   */
  private async updateCopies(claim: Claim): Promise<void> {
    const gone: string[] = [];
    const cardFor = this.deps.copyCardFor?.bind(this.deps);
    if (!cardFor) return;
    for (const copy of claim.cardCopies ?? []) {
      const card = await cardFor(claim, copy);
      const { conversation } = copy;
      const reference: Partial<ConversationReference> = {
        channelId: conversation.channelId,
        serviceUrl: conversation.serviceUrl,
        conversation: { id: conversation.conversationId, tenantId: conversation.tenantId, isGroup: false, conversationType: '', name: '' },
        bot: conversation.botId ? { id: conversation.botId, name: '' } : undefined,
      };
      try {
        await this.update(reference, copy.activityId, card);
      } catch (err) {
        if (!isGone(err)) throw err;
        gone.push(copy.activityId);
      }
    }
    if (gone.length === 0) return;
    await this.deps.claims.update(claim, (c) => {
      const before = c.cardCopies?.length ?? 0;
      c.cardCopies = (c.cardCopies ?? []).filter((copy) => !gone.includes(copy.activityId));
      return c.cardCopies.length !== before;
    });
  }

  /** Posts the card where reviewers work (first time), or updates every posted copy. */
  private async postReviewCard(claim: Claim): Promise<void> {
    const card = await this.deps.reviewCardFor(claim);
    const targets = await this.reviewTargets(claim);
    // Nowhere to post yet (no review channel, no reviewer's chat): keep the notice, so the card is posted later.
    if (targets.length === 0) throw new NotYet('no review channel and no reviewer chat to post the review card to');
    for (const target of targets) {
      const posted = claim.reviewCards.find((p) => p.target === target.id);
      if (posted) {
        await this.update(target.reference, posted.activityId, card);
        continue;
      }
      // A new card in the channel: posted and recorded through the send gate, as a partner message is.
      const release = await this.gate();
      try {
        let activityId = '';
        await proactiveTurn(this.deps.adapter, this.deps.appId, target.reference, async (context) => {
          activityId = (await context.sendActivity({ type: 'message', attachments: [card] }))?.id ?? '';
        });
        // Recorded at once, so a later failure on another target does not post this one twice.
        await this.deps.claims.update(claim, (c) => {
          if (c.reviewCards.some((p) => p.target === target.id)) return false;
          c.reviewCards.push({ target: target.id, activityId });
          return true;
        });
      } finally {
        release();
      }
    }
  }

  /**
   * The review channel; without one, the personal chats of reviewers. In demo mode everyone is a reviewer, so
   * the card goes to the person trying the flow (the claim's author), not to every chat the bot has.
   */
  private async reviewTargets(claim: Claim): Promise<Pick<ConversationRecord, 'id' | 'reference'>[]> {
    const channel = await this.deps.conversations.reviewChannel();
    if (channel) return [{ id: channel.id, reference: channel.reference }];
    if (this.deps.roles.demoMode) {
      const own = await this.deps.conversations.get(conversationKey('personal', claim.partnerTenantId, claim.createdBy.id));
      return own ? [own] : [];
    }
    const chats = await this.deps.conversations.personalChats();
    const reviewers: ConversationRecord[] = [];
    for (const chat of chats) {
      const roles = await this.deps.roles.rolesOf({ tenantId: chat.tenantId, userId: chat.userId ?? '', aadObjectId: chat.aadObjectId });
      if (roles.has('reviewer')) reviewers.push(chat);
    }
    return reviewers;
  }
}
