// The local store's server: @vercel/cosmosdb-server's in-memory account (the real Cosmos wire protocol, for the
// real @azure/cosmos SDK) behind our own HTTP front, made durable by the journal (journal.ts, engine.ts), signed
// requests only (masterKeyAuth.ts), Cosmos TTL, and queries that read only the partition they name on an engine
// rewritten to run in linear time (queryEngine.ts). It runs in a thread of its own (thread.ts, started by
// services/localCosmos.ts), so a long query or an export never holds up the bot's turns.
// At start the journal is verified line by line (journalStart.ts: a damaged journal stops the start) and read
// straight into memory (no replay through the SDK) and compacted; it is compacted again whenever it has doubled,
// atomically (temp file + rename).
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock';
import {
  Account,
  documentsOf,
  fieldIndexOf,
  expireDue,
  expiryOf,
  containsPartitionKeys,
  installHooks,
  loadDocument,
  queryDocumentsHandler,
  queryAst,
  queryPage,
  readItems,
  readJson,
  registerAccount,
  routes,
  setEntry,
  type Handler,
  type CollectionInternals,
  type DocumentsInternals,
} from './engine';
import { containerKey, Journal, JournalWriteError, type FoldedJournal, type JournalEntry } from './journal';
import { openJournal, type JournalStartReport } from './journalStart';
import { isAuthorized, isDateCurrent, MAX_DATE_SKEW_MS } from './masterKeyAuth';
import { LIMITS } from '../domain/validation';
import { equalitiesOf, type Equality } from './fieldIndex';

/**
 * The caller's "now" (epoch milliseconds) on each request: the bot's Clock lives in the bot's thread, so the
 * client sends it along (services/localCosmos.ts) and `_ts` and TTL agree with the bot's clock, fake or not.
 */
export const NOW_HEADER = 'x-cpor-now';

export interface LocalServer {
  endpoint: string;
  key: string;
  /** Restores the journalled containers nobody created, compacts the journal if needed; returns the documents restored. */
  restore(): number;
  /** What was done to the journal at start (a torn end cut, the old format read, a damaged journal recovered). */
  journal: JournalStartReport;
  /** False while the journal cannot be written (disk full). */
  writable(): boolean;
  close(): Promise<void>;
}

/** A document over Azure Cosmos DB's item limit: refused (413) as Azure refuses it, and never journalled. */
class ItemTooLargeError extends Error {
  constructor(bytes: number) {
    super(`Request size is too large: the document is ${bytes} bytes, the limit is ${LIMITS.itemBytes} (as Azure Cosmos DB).`);
  }
}

/** The journal is compacted when it has grown past twice its last compacted size, and at least this much. */
const COMPACT_AFTER_BYTES = 16 << 20;

/** The SDK's query-plan request, and the answer this server gives it (localCosmos.ts gives the same one in the bot's
 * thread, so the request never travels). */
export const QUERY_PLAN_HEADER = 'x-ms-cosmos-is-query-plan-request';
export const QUERY_PLAN_REFUSAL = 'The local store does not serve query plans: run the query itself.';

const trueHeader = (req: http.IncomingMessage, name: string) => String(req.headers[name] ?? '').toLowerCase() === 'true';

/** The partition a request names in `x-ms-documentdb-partitionkey` (`["value"]`), or undefined. */
function namedPartition(req: http.IncomingMessage): unknown {
  const header = req.headers['x-ms-documentdb-partitionkey'];
  if (typeof header !== 'string') return undefined;
  try {
    const parsed = JSON.parse(header) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 1) return undefined;
    const [value] = parsed;
    return value !== null && typeof value === 'object' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** Each query text's equality terms (fieldIndex.ts), parsed once: the app sends a few dozen distinct texts. */
const termsCache = new Map<string, Equality[]>();
function termsOf(sql: string): Equality[] {
  let terms = termsCache.get(sql);
  if (!terms) {
    try {
      terms = equalitiesOf(queryAst(sql));
    } catch {
      terms = []; // a syntax error: the engine says so, with its message
    }
    if (termsCache.size >= 500) termsCache.delete(termsCache.keys().next().value as string);
    termsCache.set(sql, terms);
  }
  return terms;
}

/**
 * The server's query handler, but a query that names its partition (as the SDK does with the `partitionKey`
 * option) evaluates only that partition's documents, as Cosmos does, and one across partitions with an equality
 * on an indexed field only the documents holding that value (fieldIndex.ts), as Cosmos's index would.
 */
const queryDocuments: Handler = (account, req, res, { dbId, collId }) =>
  readItems(req, res, 'Documents', async ({ continuation, maxItemCount }) => {
    const body = await readJson(req);
    if (!body.query) {
      res.statusCode = 400;
      return { message: 'missing query' };
    }
    // The SDK asks for a query plan alongside every query page and uses it only when the query itself answers
    // "needs a plan", which this server never does. The library would evaluate the whole container as the
    // "plan" and throw it away: doubling the work of every query, and ignoring its partition.
    if (trueHeader(req, QUERY_PLAN_HEADER)) {
      res.statusCode = 400;
      return { code: 'BadRequest', message: QUERY_PLAN_REFUSAL };
    }
    const collection = account.database(dbId).collection(collId);
    if (!trueHeader(req, 'x-ms-documentdb-query-enablecrosspartition')) {
      const paths = collection.read()?.partitionKey?.paths ?? [];
      if (paths.length && !containsPartitionKeys(body.query, paths)) {
        res.statusCode = 400;
        return { message: 'missing partition keys' };
      }
    }
    const docs = collection.documents;
    const partition = namedPartition(req);
    // The engine reads `_data`; for the query's duration it sees only the partition (synchronous, so no other
    // request can observe the swap).
    const all = docs._data;
    const terms = typeof body.query === 'string' ? termsOf(body.query) : [];
    const parameters = body.parameters as { name: string; value: unknown }[] | undefined;
    docs._data = partition === undefined ? (fieldIndexOf(docs).narrow(terms, parameters) ?? all) : documentsOf(docs, partition);
    const key = JSON.stringify([dbId, collId, partition === undefined ? '*' : partition, body.query, body.parameters ?? null]);
    try {
      return queryPage(docs, key, () => docs.query(body, { continuation, maxItemCount }));
    } catch (err) {
      if ((err as { badRequest?: boolean }).badRequest) {
        res.statusCode = 400;
        return { message: (err as Error).message };
      }
      throw err;
    } finally {
      docs._data = all;
    }
  });

/** Idle time before the server closes a client's connection. */
const KEEP_ALIVE_MS = 65_000;

/** Serves the store kept in `dir` (`<dataDir>/cosmos`); the caller holds the data folder's lock. */
export async function openLocalServer(dir: string, opts: { port?: number; compactAfterBytes?: number; recover?: boolean } = {}): Promise<LocalServer> {
  installHooks();
  fs.mkdirSync(dir, { recursive: true });
  // The latest "now" a request brought (its NOW_HEADER), or the system's for a client that sends none.
  let callerNow: number | undefined;
  const nowSeconds = () => Math.floor((callerNow ?? systemClock.now().getTime()) / 1000);
  const file = path.join(dir, 'journal.jsonl');
  // Verified, or the start stops here (journalStart.ts); nothing below runs on a journal that did not verify.
  const { folded, lines, lastSeq, report } = openJournal(file, { recover: opts.recover ?? false, now: systemClock.now() });
  const pending: FoldedJournal = folded;

  const server = http.createServer({ keepAlive: true });
  // With Node's default keep-alive (5 s) the server ends an idle connection that its client may be reusing at that
  // moment: a client whose event loop runs late (a loaded process, the turn after a burst) sends a write on it and
  // gets "socket hang up" (the benchmark's peer did, in 2 runs of 10). The clients are this process's own threads;
  // a minute keeps the connections open across the usual pauses between bursts (the race is left to the end of a
  // minute's idleness: rarer, not gone).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A new key at each start: only this process (and whoever may read the data folder) can sign requests.
  const key = randomBytes(64).toString('base64');
  const keyFile = path.join(dir, 'key');
  fs.rmSync(keyFile, { force: true });
  fs.writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  const journal = new Journal(file, lastSeq);
  const compactAfter = opts.compactAfterBytes ?? COMPACT_AFTER_BYTES;
  let compactAt = Math.max(compactAfter, journal.bytes * 2);
  let restored = 0;
  let closed = false;
  let compactionQueued = false;
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const account = new Account('127.0.0.1', port);
  // Advertise where we really are (the library says https), so any client may follow the account's locations.
  for (const list of ['writableLocations', 'readableLocations']) {
    for (const location of account.read()![list] as { databaseAccountEndpoint: string }[]) location.databaseAccountEndpoint = `${endpoint}/`;
  }

  const allDocuments = function* (): Generator<DocumentsInternals> {
    for (const database of account.databases._data.values()) {
      for (const collection of database.collections._data.values()) if (collection.read()) yield collection.documents;
    }
  };

  const liveEntries = function* (): Generator<JournalEntry> {
    const now = nowSeconds();
    for (const docs of allDocuments()) {
      const collection = docs._parent.read();
      for (const item of docs._data.values()) {
        const doc = item.read();
        if (!doc) continue;
        const expiry = expiryOf(doc, collection);
        if (expiry === undefined || expiry > now) yield setEntry(docs, doc);
      }
    }
    for (const entries of pending.values()) yield* entries.values();
  };

  const compact = () => {
    if (closed) return;
    try {
      journal.rewrite(liveEntries());
      compactAt = Math.max(compactAfter, journal.bytes * 2);
    } catch {
      // No room for the compacted copy: keep appending to the current journal and try again after more growth.
      compactAt = journal.bytes + compactAfter;
    }
  };

  registerAccount(account, {
    now: nowSeconds,
    record(entry: JournalEntry) {
      const bytes = entry.doc ? Buffer.byteLength(JSON.stringify(entry.doc)) : 0;
      if (bytes > LIMITS.itemBytes) throw new ItemTooLargeError(bytes);
      journal.append(entry);
      if (journal.bytes > compactAt && !compactionQueued) {
        compactionQueued = true;
        setImmediate(() => {
          compactionQueued = false;
          compact();
        });
      }
    },
    collectionCreated(db: string, collection: CollectionInternals) {
      const definition = collection.read();
      if (!definition) return;
      const key = containerKey({ db, coll: definition.id });
      const entries = pending.get(key);
      if (!entries) return;
      pending.delete(key);
      const now = nowSeconds();
      for (const entry of entries.values()) {
        if (!entry.doc) continue;
        const expiry = expiryOf(entry.doc, definition);
        if (expiry !== undefined && expiry <= now) continue;
        loadDocument(collection.documents, entry.doc, now);
        restored++;
      }
    },
  });

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handle(req, res);
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: unknown;
    const stamped = Number(req.headers[NOW_HEADER]);
    callerNow = Number.isFinite(stamped) && stamped > 0 ? stamped : undefined;
    if (!isAuthorized(req, key)) {
      res.statusCode = 401;
      body = { code: 'Unauthorized', message: 'The input authorization token cannot serve the request (local store: master-key signature required).' };
    } else if (!isDateCurrent(req, Date.now())) {
      res.statusCode = 403;
      body = { code: 'Forbidden', message: `The request's x-ms-date is more than ${MAX_DATE_SKEW_MS / 60_000} minutes from the store's clock.` };
    } else {
      const now = nowSeconds();
      for (const docs of allDocuments()) expireDue(docs, now);
      const route = routes(req);
      if (!route) {
        res.statusCode = 400;
        body = { message: 'no route' };
      } else {
        const [params, routeHandler] = route;
        try {
          body = await (routeHandler === queryDocumentsHandler ? queryDocuments : routeHandler)(account, req, res, params);
        } catch (err) {
          const [status, code] =
            err instanceof JournalWriteError
              ? [503, 'ServiceUnavailable']
              : err instanceof ItemTooLargeError
                ? [413, 'RequestEntityTooLarge']
                : [500, 'InternalServerError'];
          res.statusCode = status;
          body = { code, message: (err as Error).message };
        }
      }
    }
    if (res.statusCode > 399 && body && typeof body === 'object' && !(body as { message?: string }).message) (body as { message: string }).message = '';
    const etag = (body as { _etag?: string } | undefined)?._etag;
    if (etag) res.setHeader('etag', etag);
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-ms-request-charge', '1');
    res.setHeader('content-location', `${endpoint}${req.url ?? ''}`);
    res.setHeader('x-ms-activity-id', randomUUID());
    res.end(JSON.stringify(body));
  }

  return {
    endpoint,
    key,
    journal: report,
    restore() {
      for (const entries of [...pending.values()]) {
        const [first] = entries.values();
        if (!first) continue;
        const database = account.database(first.db).read()
          ? account.database(first.db)
          : (account.databases.create({ id: first.db }), account.database(first.db));
        database.collections.create({ id: first.coll, partitionKey: { paths: [first.pkPath], kind: 'Hash' } });
      }
      // A journal of one line per live document is compact already (rewriting 50k claims takes a second or two);
      // one in the old format is rewritten in the new one.
      if (lines !== restored || report.migrated) compact();
      return restored;
    },
    writable: () => journal.writable(),
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.close(() => {
          journal.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
