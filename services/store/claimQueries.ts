// The claim store's reads over many claims: an organisation's list, the reviewers' queue, the scheduler's and the
// outbox's work lists, the backlogs, and the competitors of a claim. Reads only: the filters that decide stay in
// the database query (indexed fields), what they mean stays in services/domain/.
import type { Container } from '@azure/cosmos';
import type { Claim, ClaimStatus, ReminderKind } from '../domain/claim';
import { meets, meetsCompetitors, type CompetitionView } from '../domain/competition';
import type { Backlog, ClaimFilters, ClaimRef, QueueFilters } from './types';

type Parameters = { name: string; value: string }[];

/** A WHERE clause built from the filters given: each filter a condition and its parameter, absent ones left out. */
function whereOf(
  fixed: readonly string[],
  fixedParameters: Parameters = [],
): { where: string[]; parameters: Parameters; add: (clause: string, name: string, value: string | undefined) => void } {
  const where = [...fixed];
  const parameters = [...fixedParameters];
  const add = (clause: string, name: string, value: string | undefined) => {
    if (!value) return;
    where.push(clause);
    parameters.push({ name, value });
  };
  return { where, parameters, add };
}

export class ClaimQueries {
  constructor(private readonly container: Container) {}

  /** Partner IDs this organisation used before, most recent first (offered as choices in the dialog). */
  async partnerIdsUsed(partnerTenantId: string, max = 5): Promise<string[]> {
    return (await this.previousDetails(partnerTenantId, max)).partnerIds;
  }

  /**
   * What this organisation's recent claims say about itself, to pre-fill a new one: the Partner IDs it used, most
   * recent first, and the partner contact of its latest claim.
   */
  async previousDetails(partnerTenantId: string, max = 5): Promise<{ partnerIds: string[]; partnerContact?: Claim['partnerContact'] }> {
    const { resources } = await this.container.items
      .query<{ partnerId: string; partnerContact?: Claim['partnerContact'] }>(
        {
          // The filter repeats the partition key on purpose: tenant isolation must not depend on the SDK option alone.
          query: "SELECT TOP 50 c.partnerId, c.partnerContact FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @partner ORDER BY c.createdAt DESC",
          parameters: [{ name: '@partner', value: partnerTenantId }],
        },
        { partitionKey: partnerTenantId },
      )
      .fetchAll();
    return { partnerIds: [...new Set(resources.map((r) => r.partnerId))].slice(0, max), partnerContact: resources[0]?.partnerContact };
  }

  /**
   * One page of an organisation's claims, newest first, filtered; `continuation` comes from the previous page.
   * Never loads more than a page.
   */
  async list(
    partnerTenantId: string,
    filters: ClaimFilters,
    page: { size: number; continuation?: string },
  ): Promise<{ claims: Claim[]; continuation?: string }> {
    const { where, parameters, add } = whereOf(["c.type = 'claim'", 'c.partnerTenantId = @partner'], [{ name: '@partner', value: partnerTenantId }]);
    add('c.status = @status', '@status', filters.status);
    add('c.solutionArea = @area', '@area', filters.solutionArea);
    add('c.activity = @activity', '@activity', filters.activity);
    add('(c.customerDomain = @customer OR c.customerTenantId = @customer)', '@customer', filters.customer?.toLowerCase());
    add('(ARRAY_CONTAINS(c.workloads, @workload) OR c.product = @workload)', '@workload', filters.workload);
    const iterator = this.container.items.query<Claim>(
      { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.createdAt DESC`, parameters },
      { partitionKey: partnerTenantId, maxItemCount: page.size, continuationToken: page.continuation },
    );
    const { resources, continuationToken } = await iterator.fetchNext();
    return { claims: resources, continuation: continuationToken };
  }

  /**
   * The reviewers' queue (every organisation): claims waiting for a reviewer, longest waiting first, filtered. The
   * filters are on indexed fields, and the status one always bounds it to the two waiting states.
   */
  private queueQuery(filters: QueueFilters): { query: string; parameters: Parameters } {
    const { where, parameters, add } = whereOf(["c.type = 'claim'"]);
    switch (filters.status) {
      case 'Submitted':
        where.push("c.status = 'Submitted'");
        break;
      case 'UnderReview':
        where.push("c.status = 'UnderReview'");
        break;
      case 'disputed':
      case 'answered':
        where.push("c.status = 'UnderReview'");
        where.push(`EXISTS(SELECT VALUE h FROM h IN c.history WHERE h.action = '${filters.status === 'disputed' ? 'dispute' : 'partnerRespond'}')`);
        break;
      default:
        where.push("(c.status = 'Submitted' OR c.status = 'UnderReview')");
    }
    add('c.solutionArea = @area', '@area', filters.solutionArea);
    add('c.activity = @activity', '@activity', filters.activity);
    add('c.reviewer.id = @reviewer', '@reviewer', filters.reviewerId);
    // Organisation names are free text: a case-insensitive part of the name, or the tenant id exactly.
    add('(CONTAINS(LOWER(c.partnerName), @organisation) OR c.partnerTenantId = @organisation)', '@organisation', filters.organisation?.toLowerCase());
    if (filters.competingOnly) where.push('c.competing = true');
    return { query: `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.reviewQueuedAt ASC`, parameters };
  }

  /** One page of the queue; `continuation` comes from the previous page. Never loads more than a page. */
  async reviewQueue(filters: QueueFilters, page: { size: number; continuation?: string }): Promise<{ claims: Claim[]; continuation?: string }> {
    const iterator = this.container.items.query<Claim>(this.queueQuery(filters), { maxItemCount: page.size, continuationToken: page.continuation });
    const { resources, continuationToken } = await iterator.fetchNext();
    return { claims: resources, continuation: continuationToken };
  }

  /** The whole queue with these filters, page by page (the reviewers' CSV export). */
  reviewQueuePages(filters: QueueFilters, pageSize = 100): AsyncGenerator<Claim[]> {
    const { query, parameters } = this.queueQuery(filters);
    return this.pages<Claim>(query, parameters, pageSize);
  }

  /** Claims that owe a notice (any organisation), page by page: the delivery sweep's work list. */
  pendingNotices(pageSize = 100): AsyncGenerator<ClaimRef[]> {
    return this.pages<ClaimRef>(
      "SELECT c.partnerTenantId, c.id FROM c WHERE c.type = 'claim' AND " +
        'EXISTS(SELECT VALUE n FROM n IN c.notices WHERE NOT IS_DEFINED(n.deliveredAt) AND NOT IS_DEFINED(n.failedAt))',
      [],
      pageSize,
    );
  }

  /** When each notice still owed was written (any organisation), page by page: the outbox backlog (outboxBacklog.ts). */
  pendingNoticeDates(pageSize = 1000): AsyncGenerator<string[]> {
    return this.pages<string>(
      "SELECT VALUE n.createdAt FROM c JOIN n IN c.notices WHERE c.type = 'claim' AND NOT IS_DEFINED(n.deliveredAt) AND NOT IS_DEFINED(n.failedAt)",
      [],
      pageSize,
    );
  }

  /**
   * Claims in `status` whose `deadlineField` is at or before `now` (any organisation), page by page through
   * continuation tokens: the scheduler never holds more than a page in memory, and the filter is on indexed
   * fields (status, deadline), so it does not read every claim.
   */
  dueBy(status: 'Approved' | 'PartnerActionRequired', now: string, pageSize = 100): AsyncGenerator<Claim[]> {
    const field = status === 'Approved' ? 'optOutDeadline' : 'partnerActionDeadline';
    // Whole claims: the scheduler transitions them from the page as read (one write each, no second read).
    return this.pages<Claim>(
      `SELECT * FROM c WHERE c.type = 'claim' AND c.status = @status AND c.${field} <= @now`,
      [
        { name: '@status', value: status },
        { name: '@now', value: now },
      ],
      pageSize,
    );
  }

  /**
   * Claims owing a reminder not yet written (every organisation), page by page: "Partner action required" claims
   * whose answer is due by `limit` (answerDue), Drafts unchanged since `limit` (draftIdle).
   */
  reminderCandidates(kind: ReminderKind, limit: string, pageSize = 100): AsyncGenerator<ClaimRef[]> {
    const [status, field] = kind === 'answerDue' ? ['PartnerActionRequired', 'partnerActionDeadline'] : ['Draft', 'updatedAt'];
    return this.pages<ClaimRef>(
      `SELECT c.partnerTenantId, c.id FROM c WHERE c.type = 'claim' AND c.status = @status AND c.${field} <= @limit ` +
        `AND (NOT IS_DEFINED(c.reminded.${kind}) OR c.reminded.${kind} != c.${field})`,
      [
        { name: '@status', value: status },
        { name: '@limit', value: limit },
      ],
      pageSize,
    );
  }

  /** Notices not yet delivered nor given up (every organisation), and the oldest one's creation: the outbox's backlog. */
  async outboxBacklog(): Promise<Backlog> {
    const from = "FROM c JOIN n IN c.notices WHERE c.type = 'claim' AND NOT IS_DEFINED(n.deliveredAt) AND NOT IS_DEFINED(n.failedAt)";
    return {
      count: (await this.aggregate<number>(`SELECT VALUE COUNT(1) ${from}`)) ?? 0,
      oldest: await this.aggregate<string>(`SELECT VALUE MIN(n.createdAt) ${from}`),
    };
  }

  /** Claims waiting for a reviewer (every organisation), and since when the longest has waited. */
  async reviewBacklog(): Promise<Backlog> {
    const from = "FROM c WHERE c.type = 'claim' AND (c.status = 'Submitted' OR c.status = 'UnderReview')";
    return {
      count: (await this.aggregate<number>(`SELECT VALUE COUNT(1) ${from}`)) ?? 0,
      oldest: await this.aggregate<string>(`SELECT VALUE MIN(c.reviewQueuedAt) ${from}`),
    };
  }

  /**
   * The earliest deadline at or before `now` still waiting for the scheduler: an opt-out window over (the customer
   * told) not yet Official, a partner's answer overdue not yet expired. Undefined when the scheduler is up to date.
   */
  async oldestOverdueTimer(now: string): Promise<string | undefined> {
    const due = await Promise.all([
      this.aggregate<string>(
        "SELECT VALUE MIN(c.optOutDeadline) FROM c WHERE c.type = 'claim' AND c.status = 'Approved' AND IS_DEFINED(c.customerNotifiedAt) AND c.optOutDeadline <= @now",
        now,
      ),
      this.aggregate<string>(
        "SELECT VALUE MIN(c.partnerActionDeadline) FROM c WHERE c.type = 'claim' AND c.status = 'PartnerActionRequired' AND c.partnerActionDeadline <= @now",
        now,
      ),
    ]);
    return due.filter((d): d is string => typeof d === 'string').sort()[0];
  }

  /** A cross-partition aggregate's value (undefined over no documents). */
  private async aggregate<T>(query: string, now?: string): Promise<T | undefined> {
    const { resources } = await this.container.items.query<T>({ query, parameters: now === undefined ? [] : [{ name: '@now', value: now }] }).fetchAll();
    return resources[0] ?? undefined;
  }

  /** Claims in any of `statuses` (every organisation), page by page: the daily digest never holds more than a page. */
  inStatuses(statuses: readonly ClaimStatus[], pageSize = 100): AsyncGenerator<Claim[]> {
    const names = statuses.map((_, i) => `@status${i}`);
    return this.pages<Claim>(
      `SELECT * FROM c WHERE c.type = 'claim' AND (${names.map((n) => `c.status = ${n}`).join(' OR ')})`,
      statuses.map((value, i) => ({ name: names[i], value })),
      pageSize,
    );
  }

  /** A query's results page by page (continuation tokens): never more than a page in memory. */
  async *pages<T>(query: string, parameters: Parameters, pageSize: number): AsyncGenerator<T[]> {
    const iterator = this.container.items.query<T>({ query, parameters }, { maxItemCount: pageSize });
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      if (resources.length > 0) yield resources;
    }
  }

  /**
   * Submitted open claims of other organisations sharing a live workload / subscription (+ activity) of this claim
   * on the same customer tenant. Drafts never compete: a Draft has none, and is none.
   */
  async competitorsOf(claim: CompetitionView): Promise<Claim[]> {
    if (!meetsCompetitors(claim)) return [];
    const { resources } = await this.container.items
      .query<Claim>({
        query: "SELECT * FROM c WHERE c.type = 'claim' AND c.customerTenantId = @tenant AND c.partnerTenantId != @partner",
        parameters: [
          { name: '@tenant', value: claim.customerTenantId },
          { name: '@partner', value: claim.partnerTenantId },
        ],
      })
      .fetchAll();
    return resources.filter((other) => meets(claim, other));
  }
}
