// botbuilder Storage on our own Cosmos container, so dialog, conversation and user state survive restarts and
// any instance can take the next turn. Like botbuilder-azure's CosmosDbPartitionedStorage (container partitioned on
// /id, optimistic concurrency on an eTag), without pulling in a second Cosmos and Blob SDK, with one difference:
// botbuilder saves state with eTag "*" (last writer wins), so two turns of one conversation on two instances could
// each overwrite the other's answer. Here "*" means "as read": the write is conditional on the eTag the state was
// read with (or on there being none yet), and a lost race is a StateConflictError the turn is retried on.
import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { Storage, StoreItems } from 'botbuilder';
import { LIMITS } from './domain/validation';

interface StateDocument {
  id: string;
  realId: string;
  document: Record<string, unknown>;
  /** Activities this state's turns handled (activity dedupe): mark -> deliveries seen; the latest few kept. */
  seen?: Record<string, number>;
}

/** The state property that carries `seen` through botbuilder's state object (opaque to the bot). */
const SEEN = '_seen';
/** Activity marks kept per state document: Teams redelivers within minutes, a conversation moves on. */
const SEEN_KEPT = 32;

/** A short, path-safe mark of an activity id (letters first, so no key looks like an array index). */
const markOf = (activityId: string) => `a${createHash('sha256').update(activityId).digest('base64url').slice(0, 16)}`;

const MAX_ID_LENGTH = 255;

/** Cosmos ids may not contain / \ ? #; botbuilder keys do. Escaping keeps distinct keys distinct. */
export function toCosmosId(key: string): string {
  const escaped = key.replace(/[/\\?#*]/g, (c) => `*${c.charCodeAt(0).toString(16)}`);
  if (escaped.length <= MAX_ID_LENGTH) return escaped;
  return `${escaped.slice(0, 180)}*h${createHash('sha256').update(key).digest('hex')}`;
}

const statusOf = (err: unknown): number | undefined => (err as { code?: number }).code;

/** A state write lost to a concurrent turn (optimistic concurrency on the stored eTag). */
export class StateConflictError extends Error {}

/** A state over its budget (LIMITS.conversationStateBytes): refused before it is written, the stored one kept. */
export class StateTooLargeError extends Error {
  constructor(
    key: string,
    readonly bytes: number,
  ) {
    super(`Storage: state "${key}" would be ${bytes} bytes, over its budget of ${LIMITS.conversationStateBytes}`);
  }
}

/** The eTag a state object was read with, out of sight of botbuilder (which sets `eTag` to "*" before a write). */
const READ_ETAG = Symbol('readETag');

function itemOf(resource: StateDocument & { _etag?: string }): Record<string, unknown> {
  const item: Record<string, unknown> = { ...resource.document, [SEEN]: resource.seen ?? {}, eTag: resource._etag };
  Object.defineProperty(item, READ_ETAG, { value: resource._etag, enumerable: false, configurable: true });
  return item;
}

/** The write's condition: the eTag given, else the one the state was read with, else "not there yet". */
function conditionOf(change: unknown, eTag: unknown): string | undefined {
  if (typeof eTag === 'string' && eTag !== '*' && eTag !== '') return eTag;
  const read = (change as { [READ_ETAG]?: unknown } | undefined)?.[READ_ETAG];
  return typeof read === 'string' ? read : undefined;
}

/**
 * The state documents this instance wrote last, as written (JSON) with their eTag, the least recently used dropped
 * first past a byte budget. A turn may start from one without reading it: its write is conditional on that eTag, so
 * a copy that is no longer current (another instance wrote since) loses the write and the turn runs again.
 */
class WrittenStates {
  private readonly entries = new Map<string, { json: string; bytes: number; etag: string }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): { json: string; etag: string } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, json: string, bytes: number, etag: string): void {
    this.delete(key);
    this.entries.set(key, { json, bytes, etag });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }
}

/** Bytes of state kept as written (about 4,000 conversations at the 4 KB a claim dialog's state takes). */
const WRITTEN_BYTES = 16 * 1024 * 1024;

export class CosmosBotStorage implements Storage {
  /**
   * State read by `readMarking`, handed to the turn's next `read` of the same key (no second request); null: the
   * patch found no document (the write that follows creates it, and fails with 409 if another turn did meanwhile).
   */
  private readonly handoff = new Map<string, Record<string, unknown> | null>();
  private readonly written: WrittenStates;
  private readonly keepWritten: boolean;

  constructor(
    private readonly container: Container,
    /** keepWritten: this instance is the only one writing the container, so what it wrote last is still current. */
    opts: { keepWritten?: boolean; keptBytes?: number } = {},
  ) {
    this.keepWritten = opts.keepWritten ?? false;
    this.written = new WrittenStates(this.keepWritten ? (opts.keptBytes ?? WRITTEN_BYTES) : 0);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const handed = this.handoff.get(key);
        if (handed !== undefined) {
          this.handoff.delete(key);
          if (handed) items[key] = handed;
          return;
        }
        const { resource } = await this.container.item(toCosmosId(key), toCosmosId(key)).read<StateDocument>();
        if (resource) items[key] = itemOf(resource);
      }),
    );
    return items;
  }

  /**
   * The turn's state read, with the activity dedupe. 'duplicate': the activity was counted before. undefined: no
   * state document to count in yet (the caller records the activity elsewhere). Otherwise the state is handed to the
   * turn's next `read` of the key:
   * - 'unmarked': this instance is the only one (`keepWritten`) and wrote the state last: the turn starts from that
   *   copy with no request. The caller counts the activity in it (`remember`); the turn's write, conditional on the
   *   copy's eTag, stores the count. The copy only says which activities may be copies: the store decides (a copy
   *   can outlive a count taken back by `unmark`);
   * - 'new': one atomic patch counted the activity and returned the state.
   */
  async readMarking(key: string, activityId: string): Promise<'new' | 'duplicate' | 'unmarked' | undefined> {
    const mark = markOf(activityId);
    const written = this.keepWritten ? this.written.get(key) : undefined;
    if (!written) return this.count(key, activityId);
    const resource = { ...(JSON.parse(written.json) as StateDocument), _etag: written.etag };
    if ((resource.seen?.[mark] ?? 0) > 0) return this.count(key, activityId);
    this.handOff(key, itemOf(resource));
    return 'unmarked';
  }

  /** One atomic patch counts the activity in the state document and returns it (and this instance's copy goes). */
  async count(key: string, activityId: string): Promise<'new' | 'duplicate' | undefined> {
    const id = toCosmosId(key);
    const mark = markOf(activityId);
    let resource: (StateDocument & { _etag?: string }) | undefined;
    try {
      ({ resource } = await this.container.item(id, id).patch<StateDocument>([{ op: 'incr', path: `/seen/${mark}`, value: 1 }]));
    } catch (err) {
      // 404: no state yet (the turn's read is answered with that); 400: a document written before marks were kept
      // (no `seen` to count in).
      if (statusOf(err) === 404) this.handOff(key, null);
      if (statusOf(err) === 404 || statusOf(err) === 400) return undefined;
      throw err;
    } finally {
      this.written.delete(key); // the patch changed the document's eTag
    }
    const count = resource?.seen?.[mark];
    if (!resource || typeof count !== 'number') return undefined;
    if (count > 1) return 'duplicate';
    this.handOff(key, itemOf(resource));
    return 'new';
  }

  private handOff(key: string, item: Record<string, unknown> | null): void {
    this.handoff.set(key, item);
    if (this.handoff.size > 1000) this.handoff.delete(this.handoff.keys().next().value as string); // reads that never came
  }

  /** Counts the activity in a state object read the ordinary way; stored with it by the turn's `write`. */
  remember(state: Record<string, unknown>, activityId: string): void {
    state[SEEN] = { ...(state[SEEN] as Record<string, number> | undefined), [markOf(activityId)]: 1 };
  }

  /** A turn that started from this instance's copy of the state failed before counting itself: the copy goes. */
  forget(key: string): void {
    this.handoff.delete(key);
    this.written.delete(key);
  }

  /** The turn failed: forget its mark, so a redelivery is handled instead of dropped. */
  async unmark(key: string, activityId: string): Promise<void> {
    this.handoff.delete(key);
    this.written.delete(key);
    const id = toCosmosId(key);
    try {
      await this.container.item(id, id).patch([{ op: 'set', path: `/seen/${markOf(activityId)}`, value: 0 }]);
    } finally {
      this.written.delete(key); // a write that ended meanwhile may have kept a copy that still counts the activity
    }
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, change]) => {
        const { eTag, [SEEN]: seen, ...document } = (change ?? {}) as Record<string, unknown>;
        // The latest marks only (insertion order is the order they were counted in).
        const kept = Object.entries((seen ?? {}) as Record<string, number>).slice(-SEEN_KEPT);
        const body: StateDocument = { id: toCosmosId(key), realId: key, document, seen: Object.fromEntries(kept) };
        const json = JSON.stringify(body);
        const bytes = Buffer.byteLength(json);
        this.written.delete(key);
        if (bytes > LIMITS.conversationStateBytes) throw new StateTooLargeError(key, bytes);
        const condition = conditionOf(change, eTag);
        try {
          const { resource } = condition
            ? await this.container.item(body.id, body.id).replace(body, { accessCondition: { type: 'IfMatch', condition } })
            : await this.container.items.create(body);
          // BotState keeps the object it wrote; give it the new eTag so a second save in the same turn succeeds.
          if (change && resource) {
            (change as Record<string, unknown>).eTag = resource._etag;
            Object.defineProperty(change, READ_ETAG, { value: resource._etag, enumerable: false, configurable: true });
          }
          if (this.keepWritten && resource?._etag) this.written.set(key, json, bytes, resource._etag);
        } catch (err) {
          // 412: written since it was read; 404: deleted since; 409: created since it was read as absent.
          if (statusOf(err) === 412 || statusOf(err) === 404 || statusOf(err) === 409) {
            throw new StateConflictError(`Storage: state "${key}" was changed by another turn (eTag conflict)`);
          }
          throw err;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        this.written.delete(key);
        try {
          await this.container.item(toCosmosId(key), toCosmosId(key)).delete();
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
  }
}
