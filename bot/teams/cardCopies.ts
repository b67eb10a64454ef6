// The card a click was made on is a copy of a claim's card (a review card opened from the queue, a detail card
// opened from "my associations"): it is remembered with the claim, so every later change updates it in place too.
import type { Activity } from 'botbuilder';
import type { AssociationStore } from '../../services/associationStore';
import type { CardCopy, Claim } from '../../services/domain/claim';
import type { Logger } from '../../services/logger';
import { tenantOf } from './activity';

/** The message holding the clicked card, as a copy to keep current; undefined when the click names no message. */
export function copyOf(activity: Partial<Activity>, card: Pick<CardCopy, 'view' | 'backToQueue'>): CardCopy | undefined {
  // Teams (and the Playground) send a card's invoke "in reply to" the message that holds the card.
  const activityId = activity.replyToId;
  if (!activityId || !activity.serviceUrl || !activity.conversation?.id) return undefined;
  return {
    ...card,
    locale: activity.locale,
    activityId,
    conversation: {
      serviceUrl: activity.serviceUrl,
      channelId: activity.channelId ?? 'msteams',
      conversationId: activity.conversation.id,
      tenantId: tenantOf(activity),
      botId: activity.recipient?.id,
    },
  };
}

/** Whether the claim already keeps this message up to date (posted for reviewers, or a copy it knows). */
export const keptCurrent = (claim: Claim, copy: CardCopy): boolean =>
  claim.reviewCards.some((p) => p.activityId === copy.activityId) ||
  (claim.cardCopies ?? []).some(
    (c) => c.activityId === copy.activityId && c.view === copy.view && c.conversation.conversationId === copy.conversation.conversationId,
  );

/**
 * Remembers the clicked message as a copy of the claim's card, unless it is known already (a refresh on view costs
 * no write). Not awaited by the click's answer; a failure only means that copy refreshes itself when viewed.
 */
export function rememberCopy(
  claims: AssociationStore,
  claim: Claim,
  activity: Partial<Activity>,
  card: Pick<CardCopy, 'view' | 'backToQueue'>,
  log: Logger,
): void {
  const copy = copyOf(activity, card);
  if (!copy || keptCurrent(claim, copy)) return;
  claims.rememberCopy(claim, copy).catch((err: unknown) => log.warn({ err, claimId: claim.id }, 'could not remember an opened card; it refreshes when viewed'));
}
