// The reviewers' queue: every organisation's claims waiting for a reviewer (Submitted, Under review), longest waiting
// first, with their review age, flags and filters, a page at a time. Reviewers only, in their 1:1 chat or the review
// channel; a row opens the review card (review.refresh) or starts the review (review.start), both checked again there.
import type { AdaptiveCardInvokeResponse, Attachment, TurnContext } from 'botbuilder';
import { cardAttachment, md, type CardPayload, type ReviewQueueCardData } from '../../cards';
import type { AssociationStore, QueueFilters } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { ConversationStore } from '../../services/conversationStore';
import { ACTIVITIES, partnerLabel, type Claim, type SolutionArea } from '../../services/domain/claim';
import { isDisputed, reviewAge } from '../../services/domain/rules';
import type { RoleResolver } from '../../services/roles';
import type { Logger } from '../../services/logger';
import { teamsChannelData } from './activity';
import { actorOf, isReviewer } from './actor';
import { stringsFor, type Strings } from '../../services/strings';
import { ANY, filterValue, isBadPageToken, str } from './cardInput';
import { coverageWithResults } from './claimFacts';
import { cardResponse, errorResponse, statusLabel } from './invokeResponses';

export interface ReviewQueueDeps {
  claims: AssociationStore;
  conversations: ConversationStore;
  roles: RoleResolver;
  log: Logger;
  clock: Clock;
  /** A signed, short-lived link to the CSV of the whole queue with these filters (reviewers only). */
  exportUrl(filters: QueueFilters): string;
}

const PAGE_SIZE = 10;
const QUEUE_STATUSES = ['Submitted', 'UnderReview', 'disputed', 'answered'] as const;

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const on = (value: unknown) => value === true || str(value) === 'true';

type Access = { ok: true; userId: string } | { ok: false; message: string };

export class ReviewQueue {
  constructor(private readonly deps: ReviewQueueDeps) {}

  /** "review queue" typed in the chat: the first page, no filters. */
  async message(context: TurnContext): Promise<void> {
    const s = stringsFor(context.activity.locale);
    const access = await this.access(context, s);
    if (!access.ok) {
      await context.sendActivity(access.message);
      return;
    }
    await context.sendActivity({ attachments: [await this.card({}, undefined, s)] });
  }

  /** Apply filters / Next page: the card's inputs come with the click. */
  async handle(context: TurnContext, data: CardPayload<'review.queue'>): Promise<AdaptiveCardInvokeResponse> {
    const s = stringsFor(context.activity.locale);
    const access = await this.access(context, s);
    if (!access.ok) return errorResponse(403, access.message);
    const status = str(data.status);
    const filters: QueueFilters = {
      status: (QUEUE_STATUSES as readonly string[]).includes(status) ? (status as QueueFilters['status']) : undefined,
      solutionArea: filterValue(data.solutionArea),
      activity: filterValue(data.activity),
      // Bounded: the filters travel in the export link's sealed token.
      organisation: filterValue(data.organisation)?.slice(0, 100),
      competingOnly: on(data.competingOnly),
      reviewerId: on(data.mineOnly) ? access.userId : undefined,
    };
    if (data.export) {
      // The link goes in a message of its own; the queue card stays as it was.
      await context.sendActivity({
        attachments: [
          cardAttachment('exportLink', {
            title: s.queue.exportTitle,
            text: s.queue.exportText,
            button: s.manage.exportButton,
            url: this.deps.exportUrl(filters),
          }),
        ],
      });
      return cardResponse(await this.card(filters, undefined, s));
    }
    const continuation = str(data.continuation) || undefined;
    // The SDK's tokens are JSON; for an ordered cross-partition query it would quietly start over on anything else.
    if (continuation && !isJson(continuation)) return errorResponse(400, s.queue.badPage);
    try {
      return cardResponse(await this.card(filters, continuation, s));
    } catch (err) {
      if (continuation && isBadPageToken(err)) return errorResponse(400, s.queue.badPage);
      throw err;
    }
  }

  /** A reviewer of the reviewers' tenant, in a 1:1 chat or in the review channel itself. */
  private async access(context: TurnContext, s: Strings): Promise<Access> {
    const { activity } = context;
    const acting = await actorOf(context, this.deps);
    const { actor, tenantId, where } = acting;
    if (!isReviewer(acting)) return { ok: false, message: s.queue.notAllowed };
    const channel = await this.deps.conversations.reviewChannel();
    if (channel && channel.tenantId !== tenantId) return { ok: false, message: s.review.errors.otherTenant };
    const channelId = teamsChannelData(activity).channel?.id ?? activity.conversation?.id?.split(';')[0];
    // Anywhere else (a group chat, another channel) the list would be shown to people who are not reviewers.
    const here = where === 'personal' || (where === 'channel' && channel !== undefined && channel.reference.conversation?.id === channelId);
    if (!here) return { ok: false, message: s.queue.whereOnly };
    return { ok: true, userId: actor.id };
  }

  private async card(filters: QueueFilters, continuation: string | undefined, s: Strings): Promise<Attachment> {
    const page = await this.deps.claims.reviewQueue(filters, { size: PAGE_SIZE, continuation });
    const q = s.queue;
    const any = { title: s.manage.any, value: ANY };
    const activities = [...new Set(Object.values(ACTIVITIES).flat())];
    const data: ReviewQueueCardData = {
      title: q.title,
      intro: q.intro,
      labels: { ...q.labels, apply: q.apply, next: q.next, open: q.open, start: s.review.startReview, export: q.exportButton },
      filters: {
        status: filters.status ?? ANY,
        solutionArea: filters.solutionArea ?? ANY,
        activity: filters.activity ?? ANY,
        organisation: filters.organisation ?? '',
        competingOnly: filters.competingOnly ? 'true' : 'false',
        mineOnly: filters.reviewerId ? 'true' : 'false',
      },
      statusChoices: [any, ...QUEUE_STATUSES.map((status) => ({ title: q.statuses[status], value: status }))],
      areaChoices: [any, ...(Object.keys(ACTIVITIES) as SolutionArea[]).map((a) => ({ title: s.solutionAreas[a], value: a }))],
      activityChoices: [any, ...activities.map((a) => ({ title: s.activities[a], value: a }))],
      rows: page.claims.map((claim) => this.row(claim, s)),
      empty: q.empty,
      continuation: page.continuation ?? '',
    };
    return cardAttachment('reviewQueue', data);
  }

  private row(claim: Claim, s: Strings): ReviewQueueCardData['rows'][number] {
    const q = s.queue;
    const { policy } = this.deps.claims;
    const at = this.deps.clock.now();
    const age = reviewAge(claim, at, policy);
    const disputed = isDisputed(claim);
    const answered = claim.history.some((h) => h.action === 'partnerRespond');
    const flags = [
      age?.overdue ? q.overdue : '',
      claim.competing ? q.competing : '',
      disputed ? q.disputed : '',
      answered ? q.answered : '',
      claim.reviewer ? q.reviewer(md(claim.reviewer.name)) : '',
    ].filter(Boolean);
    return {
      claimId: claim.id,
      partnerTenantId: claim.partnerTenantId,
      version: claim.version,
      name: `${md(claim.name)} (${claim.id})`,
      line: q.row(
        statusLabel(claim, at, policy, s),
        s.review.waitingDays(age?.days ?? 0),
        md(partnerLabel(claim)),
        claim.customerDomain,
        md(coverageWithResults(claim, s)),
        s.activities[claim.activity],
      ),
      flags: flags.join(' · '),
      flagColor: age?.overdue || disputed ? 'Attention' : claim.competing ? 'Warning' : 'Default',
      canStart: claim.status === 'Submitted',
    };
  }
}
