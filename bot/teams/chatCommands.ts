// The typed commands that act on their own, outside the claim dialog: choosing a channel for reviews or for an
// organisation's associations, stopping reminders, a Submit whose dialog is over, a troubleshooting answer with
// the claim it is about, and the user's language. Each checks who acts with actorOf, whatever the conversation.
import { TurnContext, type Activity, type Attachment, type ConversationReference } from 'botbuilder';
import type { AssociationStore } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { ConversationStore, ReviewChannelRecord } from '../../services/conversationStore';
import type { Claim, ClaimStatus } from '../../services/domain/claim';
import { LOCALE_OF, type LanguagePreferences } from '../../services/languagePreferences';
import { allLanguages, languageOf, stringsFor, type Language, type Strings } from '../../services/strings';
import type { Reminders } from '../workers/reminders';
import { kindOf, teamsChannelData, tenantOf } from './activity';
import { actorOf, isPartner, isPartnerAdmin, isReviewer, type ActorDeps } from './actor';
import { cardAttachment } from '../../cards';
import { isTopicListRequest, topicCardData, topicLabels, topicListCardData, type TopicMatch } from './troubleshooting';
import { languageOfCommand, recognizeCommand } from './commands';
import type { ManageActions } from './manageActions';
import type { ReviewQueue } from './reviewQueue';

export interface ChatCommandDeps extends ActorDeps {
  conversations: ConversationStore;
  claims: AssociationStore;
  reminders: Reminders;
  clock: Clock;
}

/** "stop reminders" / "riprendi promemoria": an Incentives admin, in the 1:1 chat, for the whole organisation. */
export async function stopReminders(context: TurnContext, deps: ChatCommandDeps, stop: boolean): Promise<void> {
  const s = stringsFor(context.activity.locale).reminders;
  const acting = await actorOf(context, deps);
  const { actor, tenantId, where } = acting;
  if (where !== 'personal' || !tenantId || !isPartnerAdmin(acting)) {
    await context.sendActivity(s.adminOnly);
    return;
  }
  await deps.reminders.setStopped(tenantId, { id: actor.id, name: context.activity.from.name ?? '' }, stop);
  await context.sendActivity(stop ? s.stopped : s.resumed);
}

/** "use this channel for reviews", said by a reviewer in a team channel: review cards go there from now on. */
export async function useChannelForReviews(context: TurnContext, deps: ChatCommandDeps, strings: Strings): Promise<void> {
  const { activity } = context;
  if (kindOf(activity) !== 'channel') {
    await context.sendActivity(strings.review.channelOnlyInChannel);
    return;
  }
  const acting = await actorOf(context, deps);
  if (!acting.tenantId || !isReviewer(acting)) {
    await context.sendActivity(strings.review.channelOnlyReviewers);
    return;
  }
  // The reviewers' organisation (the one reviews are done from), which a shared channel's host may not be.
  await deps.conversations.setReviewChannel(channelChosen(activity, acting.tenantId, deps.clock));
  await context.sendActivity(strings.review.channelSet);
}

/**
 * "use this channel for our associations", said by an Incentives admin in a team channel: every notice about
 * their organisation's claims is also posted there. The organisation is the admin's own (a shared channel's host
 * may be another).
 */
export async function useChannelForAssociations(context: TurnContext, deps: ChatCommandDeps, strings: Strings): Promise<void> {
  const { activity } = context;
  const s = strings.organisationChannel;
  if (kindOf(activity) !== 'channel') {
    await context.sendActivity(s.onlyInChannel);
    return;
  }
  const acting = await actorOf(context, deps);
  if (!acting.tenantId || !isPartnerAdmin(acting)) {
    await context.sendActivity(s.onlyAdmins);
    return;
  }
  await deps.conversations.setOrganisationChannel(channelChosen(activity, acting.tenantId, deps.clock));
  await context.sendActivity(s.set);
}

/** A channel chosen in this message, for `tenantId`: where posts go, who chose it and when. */
function channelChosen(activity: Activity, tenantId: string, clock: Clock): Omit<ReviewChannelRecord, 'id'> {
  return {
    tenantId,
    reference: channelReference(activity),
    setBy: { id: activity.from.id, name: activity.from.name ?? '' },
    setAt: clock.now().toISOString(),
  };
}

/**
 * Where a channel's proactive posts go: the channel itself, not the thread of the message that chose it (each post
 * starts its own thread), and no activityId (a proactive send would otherwise be a reply to that message).
 */
function channelReference(activity: Activity): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  const channelId = teamsChannelData(activity).channel?.id ?? activity.conversation.id.split(';')[0];
  return { ...reference, activityId: undefined, conversation: { ...activity.conversation, id: channelId } };
}

/** A Submit on a summary whose dialog is over: a double click or a redelivery. Point to the stored claim. */
export async function answerStaleSubmit(context: TurnContext, deps: ChatCommandDeps, strings: Strings): Promise<void> {
  const claimId = (context.activity.value as { claimId?: unknown } | undefined)?.claimId;
  const { tenantId, where } = await actorOf(context, deps);
  const claim = typeof claimId === 'string' && tenantId && where === 'personal' ? await deps.claims.get(tenantId, claimId) : undefined;
  await context.sendActivity(claim ? strings.claim.alreadySubmitted(claim.id, strings.statuses[claim.status]) : strings.claim.noActiveSummary);
}

/**
 * A troubleshooting answer with its next step; for a partner user, with "Open <claim>" when a claim of their
 * organisation is in a state the topic is about (their own first, most recently changed first).
 */
export async function topicCard(context: TurnContext, deps: ChatCommandDeps, match: TopicMatch): Promise<Attachment> {
  const claim = match.topic.claimStatuses.length ? await claimForTopic(context, deps, match.topic.claimStatuses) : undefined;
  return cardAttachment(
    'topic',
    topicCardData(match.topic, topicLabels(match.language), {
      claim,
      windows: { partnerResponseDays: deps.claims.policy.partnerResponseBusinessDays, disputeDays: deps.claims.policy.disputeDays },
    }),
  );
}

async function claimForTopic(context: TurnContext, deps: ChatCommandDeps, statuses: ClaimStatus[]): Promise<Claim | undefined> {
  try {
    const acting = await actorOf(context, deps);
    const { actor, tenantId, where } = acting;
    if (!tenantId || where !== 'personal' || !isPartner(acting)) return undefined;
    const pages = await Promise.all(statuses.map((status) => deps.claims.list(tenantId, { status }, { size: 10 })));
    const claims = pages.flatMap((p) => p.claims).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return claims.find((c) => c.createdBy.id === actor.id) ?? claims[0];
  } catch (err) {
    // The answer matters more than the button: answer without it.
    deps.log.warn({ err }, 'troubleshooting: claim lookup failed; answering without the Open button');
    return undefined;
  }
}

/**
 * The user's chosen language becomes the turn's locale. Every reply, card and click reads the activity's locale
 * (stringsFor), and so does the conversation reference stored from it: one place, before anything reads it.
 */
export async function applyLanguage(context: TurnContext, languages: LanguagePreferences): Promise<void> {
  const { activity } = context;
  if (!activity.from?.id) return;
  const chosen = await languages.get(tenantOf(activity) ?? 'no-tenant', activity.from.id);
  if (chosen && languageOf(activity.locale) !== chosen) activity.locale = LOCALE_OF[chosen];
}

/** "language" / "lingua" (or a help card's English / Italiano button): kept for the user, and in force at once. */
export async function setLanguage(context: TurnContext, languages: LanguagePreferences, language: Language): Promise<void> {
  const { activity } = context;
  await languages.set(tenantOf(activity) ?? 'no-tenant', activity.from.id, language);
  activity.locale = LOCALE_OF[language];
  await context.sendActivity(allLanguages[language].language.set);
}

export interface StandaloneDeps {
  manageActions: Pick<ManageActions, 'listMessage' | 'exportMessage'>;
  reviewQueue: Pick<ReviewQueue, 'message'>;
  languages: LanguagePreferences;
}

/**
 * The commands that stand alone, whatever else is going on: my associations, export, the review queue, a language,
 * and the troubleshooting topics ("troubleshoot", "risolvi problemi"…).
 */
export function standaloneCommand(text: string, opts: { typos: boolean }, deps: StandaloneDeps): ((context: TurnContext) => Promise<void>) | undefined {
  if (isTopicListRequest(text)) {
    return async (context) => {
      await context.sendActivity({ attachments: [cardAttachment('topicList', topicListCardData(languageOf(context.activity.locale)))] });
    };
  }
  const command = recognizeCommand(text, opts);
  const language = command && languageOfCommand(command);
  if (language) return (context) => setLanguage(context, deps.languages, language);
  switch (command) {
    case 'myClaims':
      return (context) => deps.manageActions.listMessage(context);
    case 'export':
      return (context) => deps.manageActions.exportMessage(context);
    case 'reviewQueue':
      return (context) => deps.reviewQueue.message(context);
    default:
      return undefined;
  }
}
