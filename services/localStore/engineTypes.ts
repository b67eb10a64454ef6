// The shapes this store reads and replaces inside @vercel/cosmosdb-server's in-memory account (engine.ts reaches
// into them; these are only their types, kept apart so engine.ts holds the code).
import type { JournalEntry } from './journal';

export type Doc = Record<string, unknown> & { id: string; _rid: string; _ts?: number; ttl?: unknown };

export interface Item<T> {
  read(): T | undefined;
}

/** @zeit/cosmosdb-query's parsed query: its JavaScript, its syntax tree. */
export interface ParsedQuery {
  code: string;
  ast: unknown;
  containsPartitionKeys(paths: string[]): boolean;
}

export interface CollectionDef {
  id: string;
  partitionKey?: { paths?: string[] };
  defaultTtl?: number | null;
}

export interface DocumentsInternals {
  _parent: CollectionInternals;
  _data: Map<string, Item<Doc>>;
  _ridCount: number;
  _rid(n: number): string;
  _self(rid: string): string;
  _set(data: Doc): Doc;
  _item(keyPath: string, id: string, partition: unknown): Item<Doc>;
  _getPartition(data: unknown): unknown;
  _getPartitionKeyPath(): string[];
  create(data: Record<string, unknown>): Doc;
  replace(data: Record<string, unknown>, original: Doc): Doc;
  delete(idOrRid: string, partition: unknown): void;
  query(params: unknown, opts: unknown): unknown;
}

export interface CollectionInternals extends Item<CollectionDef> {
  documents: DocumentsInternals;
  _database?: DatabaseInternals;
}

export interface DatabaseInternals extends Item<{ id: string }> {
  collections: { create(data: Record<string, unknown>): CollectionDef; _data: Map<string, CollectionInternals> };
  collection(id: string): CollectionInternals;
  _account?: object;
}

export interface AccountInternals extends Item<Record<string, unknown>> {
  databases: { create(data: Record<string, unknown>): { id: string }; _data: Map<string, DatabaseInternals> };
  database(id: string): DatabaseInternals;
}

/** What a registered account does with the writes and containers of its server. */
export interface AccountHooks {
  /** Records a document write; throws when it cannot (the write is then undone). */
  record(entry: JournalEntry): void;
  /** A container was created (through the API or at start): the store loads its journalled documents into it. */
  collectionCreated(db: string, collection: CollectionInternals): void;
  /** Now, in epoch seconds, from the store's clock: the `_ts` of what is written, against which TTL is counted. */
  now(): number;
}
