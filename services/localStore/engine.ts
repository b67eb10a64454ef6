// The one file that reaches into private internals of @vercel/cosmosdb-server (and of its query engine,
// @zeit/cosmosdb-query): the modules it requires by path, the fields and prototype methods it reads or replaces.
// Both are pinned (PINNED below, package.json); `checkInternals` names whatever of this has changed, it runs when
// the hooks are installed (the store refuses to start on a changed library) and in test/unit/engineInternals.test.ts.
//
// Hooks into @vercel/cosmosdb-server's in-memory account (1.0.1): the server keeps each container's documents in
// an `Items` object whose create / replace / delete every document write goes through (upsert, patch and batch
// call them). The hooks
// - record each write as ONE journal entry after it is applied in memory, and undo it in memory when the journal
//   refuses it, so an unrecorded write never becomes visible;
// - keep an index by partition key value, so a query that names its partition evaluates only that partition;
// - keep the expiry time of documents with a time to live (Cosmos `ttl` / container `defaultTtl`);
// - keep a version per container, so the ordered rows of a query with several pages serve its later pages while
//   nothing was written (query cursors, below).
// The hooks are process-wide (per thread); only accounts registered here (the local store's) are journalled.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { JournalEntry } from './journal';
import type { AccountHooks, AccountInternals, CollectionDef, DatabaseInternals, Doc, DocumentsInternals, Item, ParsedQuery } from './engineTypes';
import { rewriteReducers, stripUndefined } from './queryEngine';
import { FieldIndex } from './fieldIndex';

export type { AccountHooks, AccountInternals, CollectionDef, CollectionInternals, DatabaseInternals, Doc, DocumentsInternals } from './engineTypes';

/** The versions these internals were read from; another version must be checked against this file first. */
export const PINNED = { '@vercel/cosmosdb-server': '1.0.1', '@zeit/cosmosdb-query': '0.7.2' } as const;

const serverRequire = createRequire(require.resolve('@vercel/cosmosdb-server'));
const Documents = serverRequire('./account/documents').default;
const Collections = serverRequire('./account/collections').default;
const Databases = serverRequire('./account/databases').default;
export const Account = serverRequire('./account').default as new (host: string, port: number) => AccountInternals;
export const routes = serverRequire('./routes').default as (req: http.IncomingMessage) => [Record<string, string>, Handler] | undefined;
export const queryDocumentsHandler = serverRequire('./handler/query-documents').default as Handler;
export const readItems = serverRequire('./handler/_read-items').default as (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  itemsName: string,
  fn: (page: { continuation: unknown; maxItemCount: number | null }) => Promise<unknown>,
) => Promise<unknown>;
export const readJson = serverRequire('./json').default as (req: http.IncomingMessage) => Promise<Record<string, unknown>>;
const queryTransformer = serverRequire('@zeit/cosmosdb-query/lib/transformer') as { default: (ast: unknown) => unknown };
const queryHelpers = serverRequire('@zeit/cosmosdb-query/lib/helpers') as { stripUndefined: unknown; paginate: Paginate };
const queryExecutor = serverRequire('@zeit/cosmosdb-query/lib/executor') as {
  default: (collection: unknown[], opts: { maxItemCount?: number; continuation?: unknown }) => unknown;
};
const parseQuery = serverRequire('@zeit/cosmosdb-query').default as (sql: unknown) => ParsedQuery;

type Paginate = (rows: unknown[], maxItemCount: number | undefined, continuation: unknown, getRid: unknown, ...orders: unknown[]) => unknown;

export type Handler = (account: AccountInternals, req: http.IncomingMessage, res: http.ServerResponse, params: Record<string, string>) => unknown;

/** The JavaScript the query engine generates for `sql` (after the rewrite, once installed). */
export const compiledQuery = (sql: string): string => parseQuery(sql).code;

export const containsPartitionKeys = (sql: unknown, paths: string[]): boolean => parseQuery(sql).containsPartitionKeys(paths);
/** A query's syntax tree (its equality terms are read from it: fieldIndex.ts); throws on a syntax error. */
export const queryAst = (sql: string): unknown => parseQuery(sql).ast;

const versionOf = (name: string): string => (serverRequire(`${name}/package.json`) as { version: string }).version;

/** What this file relies on and no longer finds as it was, in words; empty when all is as pinned. */
export function checkInternals(): string[] {
  const problems: string[] = [];
  for (const [name, version] of Object.entries(PINNED)) {
    if (versionOf(name) !== version) problems.push(`${name} is ${versionOf(name)}, the local store was written against ${version}`);
  }
  const methods: [string, unknown, string[]][] = [
    ['Documents', Documents?.prototype, ['_set', '_item', '_rid', '_self', '_getPartition', '_getPartitionKeyPath', 'create', 'replace', 'delete', 'query']],
    ['Collections', Collections?.prototype, ['_newItem', 'create']],
    ['Databases', Databases?.prototype, ['_newItem']],
  ];
  for (const [name, proto, names] of methods) {
    for (const method of names)
      if (typeof (proto as Record<string, unknown> | undefined)?.[method] !== 'function') problems.push(`${name}.prototype.${method} is not a function`);
  }
  const queryParts = {
    'query transformer': queryTransformer.default,
    'query stripUndefined': queryHelpers.stripUndefined,
    'query paginate': queryHelpers.paginate,
    'query executor': queryExecutor.default,
  };
  for (const [name, fn] of Object.entries({ Account, routes, queryDocumentsHandler, readItems, readJson, ...queryParts })) {
    if (typeof fn !== 'function') problems.push(`${name} is not a function`);
  }
  // The fields the hooks read, on a live account.
  if (problems.length === 0) {
    const account = new Account('127.0.0.1', 0);
    account.databases.create({ id: 'probe' });
    const database = account.database('probe');
    database.collections.create({ id: 'probe', partitionKey: { paths: ['/pk'], kind: 'Hash' } });
    const docs = database.collection('probe').documents;
    if (!(docs._data instanceof Map)) problems.push('Documents._data is not a Map');
    if (typeof docs._ridCount !== 'number') problems.push('Documents._ridCount is not a number');
    if (docs._parent !== database.collection('probe')) problems.push('Documents._parent is not its collection');
    if (!(account.databases._data instanceof Map) || !(database.collections._data instanceof Map)) problems.push('Databases/Collections._data is not a Map');
    const { code } = parseQuery('SELECT c.id FROM c JOIN t IN c.tags');
    if (!/\.reduce\(\(\$, /.test(code)) problems.push('the query engine no longer collects rows with reduce(($, …) => …): check the rewrite (queryEngine.ts)');
    const paged = parseQuery('SELECT * FROM c ORDER BY c.n').code;
    if (!/\$h\.paginate\(/.test(paged)) problems.push('the query engine no longer pages through helpers.paginate: check the query cursors');
  }
  return problems;
}

interface Side {
  /** Bumped by every write: a query cursor is good while its container's version is unchanged. */
  version: number;
  /** Partition key value (JSON) -> rid -> item: the documents of each partition. */
  partitions: Map<string, Map<string, Item<Doc>>>;
  /** Field and value -> the documents holding it (fieldIndex.ts). */
  fields: FieldIndex;
  /** rid -> expiry (epoch seconds) of the documents that have one. */
  expiries: Map<string, number>;
  nextExpiry: number;
}

const hooksOf = new WeakMap<object, AccountHooks>();
const sides = new WeakMap<DocumentsInternals, Side>();

export function registerAccount(account: object, hooks: AccountHooks): void {
  hooksOf.set(account, hooks);
}

const partitionKey = (value: unknown) => JSON.stringify(value ?? null);

function sideOf(docs: DocumentsInternals): Side {
  let side = sides.get(docs);
  if (!side) sides.set(docs, (side = { version: 0, partitions: new Map(), fields: new FieldIndex(), expiries: new Map(), nextExpiry: Infinity }));
  return side;
}

function hooksFor(docs: DocumentsInternals): AccountHooks | undefined {
  const account = docs._parent?._database?._account;
  return account ? hooksOf.get(account) : undefined;
}

/** When a document expires (epoch seconds), as Azure's TTL decides; undefined when it never does. */
export function expiryOf(doc: Record<string, unknown>, collection: CollectionDef | undefined): number | undefined {
  const defaultTtl = collection?.defaultTtl;
  if (defaultTtl === undefined || defaultTtl === null) return undefined; // TTL off: item ttl is ignored, as on Azure
  const ttl = typeof doc.ttl === 'number' ? doc.ttl : defaultTtl;
  if (!(ttl > 0) || typeof doc._ts !== 'number') return undefined;
  return doc._ts + ttl;
}

const containerOf = (docs: DocumentsInternals) => ({
  db: docs._parent._database?.read()?.id ?? '',
  coll: docs._parent.read()?.id ?? '',
  pkPath: '/' + docs._getPartitionKeyPath().join('/'),
});

const SERVER_FIELDS = new Set(['_rid', '_self', '_attachments']);
function journalled(doc: Doc): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!SERVER_FIELDS.has(k)) copy[k] = v;
  return copy;
}

export const setEntry = (docs: DocumentsInternals, doc: Doc): JournalEntry => ({
  op: 'set',
  ...containerOf(docs),
  pk: docs._getPartition(doc),
  id: doc.id,
  doc: journalled(doc),
});

/**
 * Puts a journalled document into a container as it was (same ETag and `_ts`), without journalling it again.
 * The document object itself is stored (it was parsed for this), so 50k documents are not held twice at start.
 */
export function loadDocument(docs: DocumentsInternals, doc: Record<string, unknown>, nowSeconds: number): void {
  docs._ridCount += 1;
  const _rid = docs._rid(docs._ridCount);
  doc.id = String(doc.id);
  if (typeof doc._etag !== 'string') doc._etag = randomUUID();
  if (typeof doc._ts !== 'number') doc._ts = nowSeconds;
  doc._rid = _rid;
  doc._self = docs._self(_rid);
  docs._set(doc as Doc);
}

/** Documents of one partition, or every document when `partition` is undefined. */
export function documentsOf(docs: DocumentsInternals, partition?: unknown): Map<string, Item<Doc>> {
  if (partition === undefined) return docs._data;
  return sideOf(docs).partitions.get(partitionKey(partition)) ?? new Map();
}

/** The container's equality indexes (fieldIndex.ts), kept with every write. */
export const fieldIndexOf = (docs: DocumentsInternals): FieldIndex => sideOf(docs).fields;

/** Removes the documents whose time to live has passed (in memory; the journal drops them when it is compacted). */
export function expireDue(docs: DocumentsInternals, nowSeconds: number): void {
  const side = sides.get(docs);
  if (!side || side.nextExpiry > nowSeconds) return;
  let next = Infinity;
  for (const [rid, at] of [...side.expiries]) {
    if (at > nowSeconds) {
      next = Math.min(next, at);
      continue;
    }
    const doc = docs._data.get(rid)?.read();
    if (doc) withoutJournal(() => docs.delete(doc.id, docs._getPartition(doc)));
    side.expiries.delete(rid);
  }
  side.nextExpiry = next;
}

let depth = 0;
/** The `_ts` of the write being applied (the store's clock), stamped by `_set`. */
let writeTs: number | undefined;
/** Runs nested writes (replace's inner delete, an undo, a TTL expiry) without journalling them. */
function withoutJournal<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** Applies a write, then journals it as one entry; when the journal refuses it, undoes it and rethrows. */
function journalledWrite<T>(docs: DocumentsInternals, apply: () => T, entry: (result: T) => JournalEntry, undo: (result: T) => void): T {
  const hooks = depth === 0 ? hooksFor(docs) : undefined;
  if (!hooks) return apply();
  writeTs = hooks.now();
  let result: T;
  try {
    result = withoutJournal(apply);
  } finally {
    writeTs = undefined;
  }
  try {
    hooks.record(entry(result));
  } catch (err) {
    withoutJournal(() => undo(result));
    throw err;
  }
  return result;
}

interface Cursor {
  version: number;
  /** The query's rows, filtered and ordered, and how the library pages them (its paginate's arguments). */
  args: Parameters<Paginate>;
}
/**
 * The ordered rows of recent queries that had more than one page, by query and partition. The library evaluates
 * the whole partition again (filter and sort) for every page; while the container is unchanged (same version) a
 * later page is cut from the rows kept, by the library's own paginate and continuation token: the same page.
 */
const cursors = new Map<string, Cursor>();
const MAX_CURSORS = 8;
let querying: { key: string; version: number } | undefined;
/** Evaluations, the documents they read, and pages served from a cursor (tests watch them). */
export const queryStats = { evaluations: 0, fromCursor: 0, documentsRead: 0 };

/** Runs `query` (a page of the query `key` over `docs`), from a cursor when one is good. */
export function queryPage<T>(docs: DocumentsInternals, key: string, query: () => T): T {
  querying = { key, version: sideOf(docs).version };
  try {
    return query();
  } finally {
    querying = undefined;
  }
}

function installCursors(): void {
  const execute = queryExecutor.default;
  const paginate = queryHelpers.paginate;
  queryExecutor.default = (collection, opts) => {
    const cursor = querying && opts.continuation ? cursors.get(querying.key) : undefined;
    if (cursor && querying && cursor.version === querying.version) {
      queryStats.fromCursor++;
      const [rows, , , getRid, ...orders] = cursor.args;
      return paginate(rows, opts.maxItemCount, opts.continuation, getRid, ...orders);
    }
    queryStats.evaluations++;
    queryStats.documentsRead += collection.length;
    return execute(collection, opts);
  };
  queryHelpers.paginate = (...args) => {
    const [rows, maxItemCount] = args;
    if (querying && maxItemCount !== undefined && maxItemCount > 0 && rows.length > maxItemCount) {
      cursors.delete(querying.key);
      cursors.set(querying.key, { version: querying.version, args });
      if (cursors.size > MAX_CURSORS) cursors.delete(cursors.keys().next().value!);
    }
    return paginate(...args);
  };
}

let installed = false;
export function installHooks(): void {
  if (installed) return;
  const problems = checkInternals();
  if (problems.length) throw new Error(`the local store cannot run on the installed @vercel/cosmosdb-server: ${problems.join('; ')}`);
  installed = true;

  // The query engine: linear row collection (queryEngine.ts).
  const transform = queryTransformer.default;
  queryTransformer.default = (ast: unknown) => {
    const js = transform(ast);
    rewriteReducers(js);
    return js;
  };
  queryHelpers.stripUndefined = stripUndefined;
  installCursors();

  // Items do not know their parents' parents: link them so a write finds its account (and its hooks).
  const newDatabase = Databases.prototype._newItem;
  Databases.prototype._newItem = function (this: { _parent: object }, data: unknown) {
    const database = newDatabase.call(this, data);
    database._account = this._parent;
    return database;
  };
  const newCollection = Collections.prototype._newItem;
  Collections.prototype._newItem = function (this: { _parent: unknown }, data: unknown) {
    const collection = newCollection.call(this, data);
    collection._database = this._parent;
    return collection;
  };
  const createCollection = Collections.prototype.create;
  Collections.prototype.create = function (this: { _parent: DatabaseInternals }, data: { id: string }) {
    const created = createCollection.call(this, data);
    const database = this._parent;
    const hooks = database._account ? hooksOf.get(database._account) : undefined;
    hooks?.collectionCreated(database.read()?.id ?? '', database.collection(created.id));
    return created;
  };

  const proto = Documents.prototype as DocumentsInternals;
  const set = proto._set;
  proto._set = function (this: DocumentsInternals, data: Doc) {
    if (writeTs !== undefined) data._ts = writeTs;
    const result = set.call(this, data);
    const side = sideOf(this);
    side.version++;
    const key = partitionKey(this._getPartition(data));
    let partition = side.partitions.get(key);
    if (!partition) side.partitions.set(key, (partition = new Map()));
    partition.set(data._rid, this._data.get(data._rid)!);
    side.fields.set(data, this._data.get(data._rid)!);
    const expiry = expiryOf(data, this._parent.read());
    if (expiry === undefined) side.expiries.delete(data._rid);
    else {
      side.expiries.set(data._rid, expiry);
      side.nextExpiry = Math.min(side.nextExpiry, expiry);
    }
    return result;
  };

  const del = proto.delete;
  proto.delete = function (this: DocumentsInternals, idOrRid: string, partition: unknown) {
    const existing = this._item('/id', idOrRid, partition).read();
    return journalledWrite(
      this,
      () => {
        del.call(this, idOrRid, partition);
        if (existing) {
          const side = sideOf(this);
          side.version++;
          const key = partitionKey(this._getPartition(existing));
          side.partitions.get(key)?.delete(existing._rid);
          if (side.partitions.get(key)?.size === 0) side.partitions.delete(key);
          side.expiries.delete(existing._rid);
          side.fields.remove(existing._rid);
        }
      },
      () => ({ op: 'delete', ...containerOf(this), pk: this._getPartition(existing), id: existing!.id }),
      () => existing && this._set(existing),
    );
  };

  const create = proto.create;
  proto.create = function (this: DocumentsInternals, data: Record<string, unknown>) {
    return journalledWrite(
      this,
      () => create.call(this, data) as Doc,
      (doc) => setEntry(this, doc),
      (doc) => this.delete(doc.id, this._getPartition(doc)),
    );
  };

  const replace = proto.replace;
  proto.replace = function (this: DocumentsInternals, data: Record<string, unknown>, original: Doc) {
    const before = this._item('/id', String(data.id), this._getPartition(data)).read();
    return journalledWrite(
      this,
      () => replace.call(this, data, original) as Doc,
      (doc) => setEntry(this, doc),
      (doc) => {
        this.delete(doc.id, this._getPartition(doc));
        if (before) this._set(before);
      },
    );
  };
}
