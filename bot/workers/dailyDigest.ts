// The reviewers' daily digest: at DIGEST_TIME on business days (CUSTOMER_TIME_ZONE), one card in the review channel
// with the claims by state, the overdue reviews, the disputes and the competing pairs. Every instance runs it; a day
// document (created once: 409 for the others, then ETag-conditional) makes the post happen exactly once, and later
// runs that day update the same card in place when its content changed. Nothing waiting: no post that day.
import { proactiveTurn, type ProactiveAdapter } from './proactiveTurn';
import { createHash, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { TurnContext } from 'botbuilder';
import { cardAttachment, md, type DigestCardData } from '../../cards';
import type { AssociationStore } from '../../services/associationStore';
import { isBusinessDay } from '../../services/businessDays';
import type { Clock } from '../../services/clock';
import type { ConversationStore } from '../../services/conversationStore';
import { partnerLabel, slotKeys, type Claim, type ClaimStatus } from '../../services/domain/claim';
import { reviewAge, type DomainPolicy } from '../../services/domain/rules';
import type { Logger } from '../../services/logger';
import { stringsFor, type Strings } from '../../services/strings';

export interface DailyDigestDeps {
  claims: AssociationStore;
  conversations: ConversationStore;
  /** Holds the day documents (partition key /id). */
  state: Container;
  adapter: Pick<ProactiveAdapter, 'continueConversationAsync'>;
  appId: string;
  clock: Clock;
  policy: DomainPolicy;
  /** "HH:MM", local time in the policy's time zone. */
  digestTime: string;
  log: Logger;
}

export type DigestOutcome = 'notDue' | 'noChannel' | 'skipped' | 'posted' | 'updated' | 'unchanged' | 'busy';

interface DayRecord {
  id: string;
  day: string;
  state: 'posting' | 'posted' | 'skipped';
  owner: string;
  /** While posting: another instance may take over after this (the poster died). */
  until?: string;
  activityId?: string;
  /** Hash of the card's data, to update the card only when something changed. */
  hash?: string;
  _etag?: string;
}

/** States the digest counts: waiting for a reviewer, for the partner, for the customer's window. */
const COUNTED: readonly ClaimStatus[] = ['Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved'];
/** Lines listed per section; the rest are counted ("and 12 more"), so the card stays small whatever the backlog. */
const MAX_LINES = 10;
/** How often a posted digest's counts are read again (per instance) to update the card. */
const REFRESH_MS = 15 * 60_000;
/** A poster that has not recorded its post by then is presumed dead. */
const POSTING_LEASE_MS = 120_000;
const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/** The local calendar date and wall-clock time of `at` in `timeZone`. */
export function localDayAndTime(at: Date, timeZone: string): { day: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

interface Listed {
  lines: string[];
  /** How many there are (the lines are the first MAX_LINES). */
  total: number;
}

interface Summary {
  counts: Record<string, number>;
  /** Longest waiting first. */
  overdue: { lines: { label: string; days: number }[]; total: number };
  disputes: Listed;
  pairs: Listed;
}

export class DailyDigest {
  readonly owner = randomUUID();
  private summarisedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: DailyDigestDeps) {}

  /** One run: posts, updates or leaves the day's digest. Safe to call from every instance at any time. */
  async run(): Promise<DigestOutcome> {
    const now = this.deps.clock.now();
    const { day, time } = localDayAndTime(now, this.deps.policy.calendar.timeZone);
    if (time < this.deps.digestTime || !isBusinessDay(now, this.deps.policy.calendar)) return 'notDue';
    const channel = await this.deps.conversations.reviewChannel();
    if (!channel) return 'noChannel';
    const id = `digest|${day}`;
    const item = this.deps.state.item(id, id);
    const { resource: record } = await item.read<DayRecord>();
    if (record?.state === 'skipped') return 'skipped';
    if (record?.state === 'posting' && record.owner !== this.owner && Date.parse(record.until ?? '') > now.getTime()) return 'busy';
    // Once posted, the counts are read again at most every REFRESH_MS per instance: not a scan at every interval.
    if (record?.state === 'posted' && now.getTime() - this.summarisedAt < REFRESH_MS) return 'unchanged';
    this.summarisedAt = now.getTime();

    const summary = await this.summarise(now);
    const s = stringsFor(channel.reference.locale);
    const data = this.cardData(day, summary, s);
    const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const card = cardAttachment('digest', data);

    if (record?.state === 'posted') {
      if (record.hash === hash) return 'unchanged';
      await this.inChannel(channel.reference, (context) =>
        context.updateActivity({ type: 'message', id: record.activityId, attachments: [card] }).then(() => undefined),
      );
      // Lost to another instance's update: the card shows one of two identical summaries, nothing to redo.
      await this.write(item, { ...record, hash }, record._etag);
      return 'updated';
    }

    const waiting = (summary.counts.Submitted ?? 0) + (summary.counts.UnderReview ?? 0);
    const claim: DayRecord =
      waiting === 0
        ? { id, day, state: 'skipped', owner: this.owner }
        : { id, day, state: 'posting', owner: this.owner, until: new Date(now.getTime() + POSTING_LEASE_MS).toISOString() };
    // Only the instance whose write lands may post: a create (first) or a takeover of a dead poster (ETag).
    const taken = record ? await this.write(item, claim, record._etag) : await this.create(claim);
    if (!taken) return 'busy';
    if (claim.state === 'skipped') return 'skipped';
    let activityId = '';
    await this.inChannel(channel.reference, async (context) => {
      activityId = (await context.sendActivity({ type: 'message', attachments: [card] }))?.id ?? '';
    });
    await this.write(item, { ...claim, state: 'posted', until: undefined, activityId, hash }, taken);
    this.deps.log.info({ day, activityId }, 'daily digest posted');
    return 'posted';
  }

  /** Reads the counted claims a page at a time; keeps only counts and the (capped) lines. */
  private async summarise(now: Date): Promise<Summary> {
    const counts: Record<string, number> = Object.fromEntries(COUNTED.map((status) => [status, 0]));
    const overdue: { label: string; days: number }[] = [];
    // Competing claims by customer tenant + slot: only flagged claims are kept, a small part of the backlog.
    const bySlot = new Map<string, { label: string; orgs: Map<string, string> }>();
    let overdueCount = 0;
    const disputes: Listed = { lines: [], total: 0 };
    for await (const page of this.deps.claims.inStatuses(COUNTED)) {
      for (const claim of page) {
        counts[claim.status] += 1;
        const age = reviewAge(claim, now, this.deps.policy);
        if (age?.overdue) {
          overdueCount += 1;
          overdue.push({ label: this.label(claim), days: age.days });
          overdue.sort((a, b) => b.days - a.days);
          overdue.length = Math.min(overdue.length, MAX_LINES);
        }
        if (claim.status === 'UnderReview' && claim.history.some((h) => h.action === 'dispute')) {
          disputes.total += 1;
          if (disputes.lines.length < MAX_LINES) disputes.lines.push(this.label(claim));
        }
        if (!claim.competing) continue;
        for (const key of slotKeys(claim)) {
          const slot = bySlot.get(`${claim.customerTenantId}|${key}`) ?? {
            label: `${claim.customerDomain} (${claim.customerTenantId}) · ${key}`,
            orgs: new Map<string, string>(),
          };
          slot.orgs.set(claim.partnerTenantId, md(partnerLabel(claim)));
          bySlot.set(`${claim.customerTenantId}|${key}`, slot);
        }
      }
    }
    const pairs = [...bySlot.values()].filter((slot) => slot.orgs.size > 1).map((slot) => `${md(slot.label)}: ${[...slot.orgs.values()].join(' · ')}`);
    return {
      counts,
      overdue: { lines: overdue, total: overdueCount },
      disputes,
      pairs: { lines: pairs.slice(0, MAX_LINES), total: pairs.length },
    };
  }

  private label(claim: Claim): string {
    return `${md(claim.name)} (${claim.id}) · ${md(partnerLabel(claim))}`;
  }

  private cardData(day: string, summary: Summary, s: Strings): DigestCardData {
    const d = s.digest;
    const section = (heading: string, listed: Listed) => ({
      heading,
      lines: [...listed.lines, ...(listed.total > listed.lines.length ? [d.more(listed.total - listed.lines.length)] : [])].map((line) => ({ line })),
      empty: d.none,
    });
    return {
      title: d.title(day),
      counts: COUNTED.map((status) => ({ title: s.statuses[status], value: String(summary.counts[status]) })),
      sections: [
        section(d.overdue(this.deps.policy.reviewBusinessDays), {
          lines: summary.overdue.lines.map((o) => `${o.label} · ${s.review.waitingDays(o.days)}`),
          total: summary.overdue.total,
        }),
        section(d.disputes, summary.disputes),
        section(d.pairs, summary.pairs),
      ],
      openQueue: d.openQueue,
    };
  }

  /** A proactive turn in the review channel (a new post there); its failure is thrown, not swallowed. */
  private inChannel(reference: Parameters<ProactiveAdapter['continueConversationAsync']>[1], logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return proactiveTurn(this.deps.adapter, this.deps.appId, reference, logic);
  }

  /** Creates the day document; undefined when another instance created it first. Returns the new ETag. */
  private async create(record: DayRecord): Promise<string | undefined> {
    try {
      const { resource } = await this.deps.state.items.create(record);
      return resource?._etag ?? '';
    } catch (err) {
      if (statusOf(err) === 409) return undefined;
      throw err;
    }
  }

  /** Replaces the day document if it is still at `etag`; undefined when another instance changed it. */
  private async write(item: ReturnType<Container['item']>, record: DayRecord, etag: string | undefined): Promise<string | undefined> {
    const { _etag: _ignored, ...body } = record;
    try {
      const { resource } = await item.replace(body, { accessCondition: { type: 'IfMatch', condition: etag ?? '' } });
      return resource?._etag ?? '';
    } catch (err) {
      if (statusOf(err) === 412) return undefined;
      throw err;
    }
  }
}
