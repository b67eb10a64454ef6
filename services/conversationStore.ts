// Conversation references for proactive messages, one document per personal chat (per user) or per team
// channel / group chat. Saved on every turn so a restart or another instance always knows whom to notify; each
// instance remembers what it last wrote and skips the write when nothing changed (a reference almost never
// changes, and the write used to be a quarter of a dialog turn's store requests).
import type { Clock } from './clock';
import type { Container } from '@azure/cosmos';
import type { ConversationReference } from 'botbuilder';
import { toCosmosId } from './botStateStorage';

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/** The one channel that receives review cards (chosen by a reviewer with "use this channel for reviews"). */
export const REVIEW_CHANNEL_ID = 'review-channel';

export interface ReviewChannelRecord {
  id: typeof REVIEW_CHANNEL_ID;
  tenantId: string;
  reference: Partial<ConversationReference>;
  setBy: { id: string; name: string };
  setAt: string;
}

/**
 * A partner organisation's own channel (chosen by one of its Incentives admins with "use this channel for our
 * associations"): every notice about the organisation's claims is also posted there. One per organisation.
 */
export interface OrganisationChannelRecord extends Omit<ReviewChannelRecord, 'id'> {
  id: string;
  kind: 'organisationChannel';
}

/** The document id of an organisation's channel record. */
export const organisationChannelKey = (tenantId: string): string => toCosmosId(`organisationChannel:${tenantId.toLowerCase()}`);

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  tenantId: string;
  /** Teams user id (personal chats) — the user the chat belongs to. */
  userId?: string;
  aadObjectId?: string;
  reference: Partial<ConversationReference>;
  updatedAt: string;
  /** Set when the greeting was sent, so install + membersAdded (and retries) greet once. */
  welcomedAt?: string;
}

export function conversationKey(kind: ConversationKind, tenantId: string, ownerId: string): string {
  return toCosmosId(`${kind}:${tenantId}:${ownerId}`);
}

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/**
 * An unchanged reference is written again after this long anyway: `updatedAt` stays roughly true (the reviewer
 * fallback lists chats by it), and a document removed behind this instance's back comes back within the hour.
 */
const REWRITE_AFTER_MS = 3600_000;
/** References remembered per instance (the oldest forgotten first): bounded memory whatever the number of users. */
const REMEMBERED = 10_000;
/**
 * A record read is reused this long: a burst of notices to one chat, or every card of a scheduler pass going to the
 * review channel, reads it once. This instance's own writes replace it at once; another instance's within this.
 */
const READ_TTL_MS = 5_000;

/** A bounded map whose oldest entries go first. */
export function put<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key); // re-inserted last: the map's order is the order of writes
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}

export class ConversationStore {
  /** What this instance last wrote per document id: a fingerprint of the record and when. */
  private readonly written = new Map<string, { fingerprint: string; at: number }>();
  /** Records read lately (or set by this instance), undefined for "none". */
  private readonly read = new Map<string, { record: unknown; at: number }>();

  constructor(
    private readonly container: Container,
    /** Dates the records (updatedAt). */
    private readonly clock: Clock,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /**
   * Stores the reference and says whether this call is the one that should greet: the first save since install
   * creates the document (a create is atomic, so two instances or a redelivered activity cannot both win).
   */
  async save(record: Omit<ConversationRecord, 'updatedAt' | 'welcomedAt'>, opts: { greet: boolean }): Promise<boolean> {
    // The id of the activity that brought the reference is no use to a proactive message (which is a new one).
    const { activityId: _activityId, ...reference } = record.reference;
    const doc: ConversationRecord = { ...record, reference, updatedAt: this.clock.now().toISOString() };
    const fingerprint = JSON.stringify([doc.kind, doc.tenantId, doc.userId, doc.aadObjectId, reference]);
    const last = this.written.get(doc.id);
    // A greeting always asks the store: only the create there decides who greets.
    if (!opts.greet && last?.fingerprint === fingerprint && this.monotonicNow() - last.at < REWRITE_AFTER_MS) return false;
    this.read.delete(doc.id);
    const first = await this.write(doc, opts);
    put(this.written, doc.id, { fingerprint, at: this.monotonicNow() });
    return first;
  }

  private async readCached<T extends object>(id: string): Promise<T | undefined> {
    const recent = this.read.get(id);
    if (recent && this.monotonicNow() - recent.at < READ_TTL_MS) return recent.record as T | undefined;
    const { resource } = await this.container.item(id, id).read<T>();
    put(this.read, id, { record: resource, at: this.monotonicNow() });
    return resource;
  }

  private async write(doc: ConversationRecord, opts: { greet: boolean }): Promise<boolean> {
    if (opts.greet) {
      try {
        await this.container.items.create({ ...doc, welcomedAt: doc.updatedAt });
        return true;
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
    }
    // Keep welcomedAt of an existing document: patch only what a turn can change.
    try {
      await this.container.item(doc.id, doc.id).patch([
        { op: 'set', path: '/reference', value: doc.reference },
        { op: 'set', path: '/updatedAt', value: doc.updatedAt },
      ]);
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      await this.container.items.upsert(doc);
    }
    return false;
  }

  get(id: string): Promise<ConversationRecord | undefined> {
    return this.readCached<ConversationRecord>(id);
  }

  async setReviewChannel(record: Omit<ReviewChannelRecord, 'id'>): Promise<void> {
    this.read.delete(REVIEW_CHANNEL_ID);
    const { resource } = await this.container.items.upsert<ReviewChannelRecord>({ ...record, id: REVIEW_CHANNEL_ID });
    put(this.read, REVIEW_CHANNEL_ID, { record: resource, at: this.monotonicNow() });
  }

  reviewChannel(): Promise<ReviewChannelRecord | undefined> {
    return this.readCached<ReviewChannelRecord>(REVIEW_CHANNEL_ID);
  }

  /** Sets (or moves) the organisation's own channel. */
  async setOrganisationChannel(record: Omit<OrganisationChannelRecord, 'id' | 'kind'>): Promise<void> {
    const id = organisationChannelKey(record.tenantId);
    this.read.delete(id);
    const { resource } = await this.container.items.upsert<OrganisationChannelRecord>({ ...record, id, kind: 'organisationChannel' });
    put(this.read, id, { record: resource, at: this.monotonicNow() });
  }

  organisationChannel(tenantId: string): Promise<OrganisationChannelRecord | undefined> {
    return this.readCached<OrganisationChannelRecord>(organisationChannelKey(tenantId));
  }

  /**
   * The personal chats of one organisation's users (bounded, most recently active first): the people of that
   * organisation the bot can reach, among whom its Incentives admins are found.
   */
  async personalChatsOf(tenantId: string, max = 200): Promise<ConversationRecord[]> {
    const { resources } = await this.container.items
      .query<ConversationRecord>({
        query: "SELECT TOP @max * FROM c WHERE c.kind = 'personal' AND c.tenantId = @tenant ORDER BY c.updatedAt DESC",
        parameters: [
          { name: '@max', value: max },
          { name: '@tenant', value: tenantId },
        ],
      })
      .fetchAll();
    return resources;
  }

  /** Personal chats, for reviewers when no review channel is set (bounded: a fallback, not a broadcast list). */
  async personalChats(max = 200): Promise<ConversationRecord[]> {
    const { resources } = await this.container.items
      .query<ConversationRecord>({
        query: "SELECT TOP @max * FROM c WHERE c.kind = 'personal' ORDER BY c.updatedAt DESC",
        parameters: [{ name: '@max', value: max }],
      })
      .fetchAll();
    return resources;
  }

  /** The app was uninstalled: forget the chat, so a reinstall greets again and nothing is sent to a dead chat. */
  async remove(id: string): Promise<void> {
    this.written.delete(id);
    this.read.delete(id);
    try {
      await this.container.item(id, id).delete();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }
}
