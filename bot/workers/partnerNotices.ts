// Sends a partner notice (noticeDelivery.ts leases it and records the outcome) to everyone of the organisation who
// should hear it, each in their language: the creator (in a new chat when the bot has none with them), every
// Incentives admin the bot can reach, the organisation's channel.
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { AssociationStore } from '../../services/associationStore';
import type { Claim, Notice } from '../../services/domain/claim';
import type { ConversationRecord, ConversationStore } from '../../services/conversationStore';
import { conversationKey, put } from '../../services/conversationStore';
import type { Logger } from '../../services/logger';
import type { RoleResolver } from '../../services/roles';
import { audience, disputers, type KnownPerson } from '../../services/domain/audience';
import { LOCALE_OF, type LanguagePreferences } from '../../services/languagePreferences';
import { partnerMessage, type PartnerMessage, type PartnerMessageOptions } from './partnerMessage';
import { proactiveTurn, type ProactiveAdapter } from './proactiveTurn';
import type { Leased } from './noticeLeases';
import { isGone } from './noticeFailures';

/**
 * Whether a person is an Incentives admin is reused this long when choosing whom a notice goes to: with Entra
 * groups each answer is a Graph call, and every notice of the organisation asks about the same people. A change of
 * role reaches the notices within this time (what a person may do is always asked afresh in their own turns).
 */
const ADMIN_ANSWER_TTL_MS = 5 * 60_000;

export interface PartnerNoticesDeps {
  adapter: ProactiveAdapter;
  appId: string;
  claims: AssociationStore;
  conversations: ConversationStore;
  /** The partner reads their notices in the language they chose, when they chose one. */
  languages: Pick<LanguagePreferences, 'get'>;
  roles: RoleResolver;
  defaultServiceUrl: string;
  log: Logger;
}

export class PartnerNotices {
  /** Recent answers to "is this person an Incentives admin of that organisation?" (bounded, see ADMIN_ANSWER_TTL_MS). */
  private readonly adminAnswers = new Map<string, { admin: boolean; at: number }>();

  constructor(private readonly deps: PartnerNoticesDeps) {}

  /**
   * A partner notice, to everyone of the organisation who should hear it (services/domain/audience.ts: the creator,
   * every Incentives admin the bot can reach, the organisation's channel), each once. With more than one recipient,
   * each one reached is written on the notice at once, so a retry after a failure part-way goes to the others only.
   * The creator's chat decides the notice's fate (a failure there fails it); another person's chat that is gone
   * (403/404: the app was removed) is skipped, and anything else is retried. `leased.claim` follows those writes.
   */
  async send(leased: Leased): Promise<void> {
    const { claim, notice } = leased;
    const { creator, known, chats } = await this.peopleOf(claim);
    const channel = await this.deps.conversations.organisationChannel(claim.partnerTenantId);
    const recipients = audience(creator, known, channel !== undefined);
    const reached = new Set(claim.notices.find((n) => n.id === notice.id)?.sentTo ?? []);
    const admins = disputers(creator, known);
    for (const recipient of recipients) {
      if (reached.has(recipient.key)) continue;
      const opts: PartnerMessageOptions = { disputers: recipient.mayDispute ? undefined : admins, answerCard: recipient.userId !== undefined };
      const chat = recipient.userId ? chats.get(recipient.userId) : undefined;
      try {
        if (recipient.userId === creator.id) await this.sendToCreator(claim, await this.messageFor(claim, notice, creator.id, opts));
        else if (chat) await this.inConversation(chat.reference, sending(await this.messageFor(claim, notice, chat.userId, opts)));
        else if (channel) await this.inConversation(channel.reference, sending(await this.messageFor(claim, notice, undefined, opts)));
      } catch (err) {
        if (recipient.userId === creator.id || !isGone(err)) throw err;
        this.deps.log.warn({ err, claimId: claim.id, notice: notice.id, recipient: recipient.key }, 'notice recipient unreachable (app removed): skipped');
      }
      if (recipients.length > 1) leased.claim = await this.recordReached(leased.claim, notice.id, recipient.key);
    }
  }

  private inConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return proactiveTurn(this.deps.adapter, this.deps.appId, reference, logic);
  }

  /** The notice's text and card in the reader's language (the one they chose, else the claim's). */
  private async messageFor(claim: Claim, notice: Notice, userId: string | undefined, opts: PartnerMessageOptions): Promise<PartnerMessage> {
    const chosen = userId ? await this.deps.languages.get(claim.partnerTenantId, userId) : undefined;
    return partnerMessage(claim, notice, this.deps.claims.policy, { ...opts, locale: chosen ? LOCALE_OF[chosen] : claim.locale });
  }

  /** One more recipient reached, written on the notice; returns the claim as written. */
  private async recordReached(claim: Claim, noticeId: string, key: string): Promise<Claim> {
    const written = await this.deps.claims.update(
      claim,
      (c) => {
        const n = c.notices.find((x) => x.id === noticeId);
        if (!n || n.sentTo?.includes(key)) return false;
        n.sentTo = [...(n.sentTo ?? []), key];
        return true;
      },
      { current: claim },
    );
    return written ?? claim;
  }

  /**
   * The claim's creator and the people of its organisation the bot has a 1:1 chat with, each with whether they
   * are an Incentives admin (their roles, from Entra groups or the roles file). In demo mode everyone has every role,
   * so only the creator is told (as the review card goes to them only), not every chat of the tenant.
   */
  private async peopleOf(claim: Claim): Promise<{ creator: KnownPerson; known: KnownPerson[]; chats: Map<string, ConversationRecord> }> {
    const { roles } = this.deps;
    const isAdmin = async (userId: string, aadObjectId?: string): Promise<boolean> => {
      const key = `${claim.partnerTenantId}|${userId}`;
      const known = this.adminAnswers.get(key);
      if (known && performance.now() - known.at < ADMIN_ANSWER_TTL_MS) return known.admin;
      const admin = (await roles.rolesOf({ tenantId: claim.partnerTenantId, userId, aadObjectId })).has('incentivesAdmin');
      put(this.adminAnswers, key, { admin, at: performance.now() });
      return admin;
    };
    const creator: KnownPerson = { id: claim.createdBy.id, name: claim.createdBy.name, admin: await isAdmin(claim.createdBy.id, claim.createdBy.aadObjectId) };
    const chats = new Map<string, ConversationRecord>();
    if (roles.demoMode) return { creator, known: [], chats };
    const known: KnownPerson[] = [];
    for (const chat of await this.deps.conversations.personalChatsOf(claim.partnerTenantId)) {
      if (!chat.userId || chat.userId === creator.id || chats.has(chat.userId)) continue;
      chats.set(chat.userId, chat);
      known.push({ id: chat.userId, name: chat.reference.user?.name ?? chat.userId, admin: await isAdmin(chat.userId, chat.aadObjectId) });
    }
    return { creator, known, chats };
  }

  /** The creator's 1:1 chat; without one (or the reference was lost), a new chat in the partner's tenant. */
  private async sendToCreator(claim: Claim, message: PartnerMessage): Promise<void> {
    const send = sending(message);

    const chat = await this.deps.conversations.get(conversationKey('personal', claim.partnerTenantId, claim.createdBy.id));
    if (chat) {
      await this.inConversation(chat.reference, send);
      return;
    }
    // No chat with this user yet (or the reference was lost): open one in the partner's tenant.
    const serviceUrl = claim.origin?.serviceUrl ?? this.deps.defaultServiceUrl;
    let failure: { err: unknown } | undefined;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      'msteams',
      serviceUrl,
      this.deps.appId ? 'https://api.botframework.com' : '',
      {
        isGroup: false,
        bot: claim.origin?.botId ? { id: claim.origin.botId } : undefined,
        members: [{ id: claim.createdBy.id }],
        tenantId: claim.partnerTenantId,
        channelData: { tenant: { id: claim.partnerTenantId } },
      },
      async (context) => {
        try {
          const reference = { ...context.activity, serviceUrl } as Partial<ConversationReference>;
          await this.deps.conversations.save(
            {
              id: conversationKey('personal', claim.partnerTenantId, claim.createdBy.id),
              kind: 'personal',
              tenantId: claim.partnerTenantId,
              userId: claim.createdBy.id,
              reference: {
                channelId: 'msteams',
                serviceUrl,
                conversation: reference.conversation,
                bot: claim.origin?.botId ? { id: claim.origin.botId, name: '' } : undefined,
                user: { id: claim.createdBy.id, name: claim.createdBy.name },
              },
            },
            { greet: false },
          );
          await send(context);
        } catch (err) {
          failure = { err };
        }
      },
    );
    if (failure) throw failure.err;
  }
}

/** A turn's logic that posts the message. */
const sending =
  ({ text, attachments }: PartnerMessage) =>
  (context: TurnContext): Promise<void> =>
    context.sendActivity({ type: 'message', text, attachments }).then(() => undefined);
