// The local default's database: the embedded @vercel/cosmosdb-server (real Cosmos wire protocol, memory only),
// made durable by a journal. Every document write the server accepts is appended to
// `<dataDir>/cosmos/journal.jsonl` before the HTTP response leaves, so a write the SDK saw succeed survives a
// crash or restart. At start the journal is folded to the last state of each document, rewritten compactly
// and replayed through the SDK.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import type { Container, CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';

/** The well-known Cosmos emulator key; the embedded server does not check it but the SDK wants one. */
export const LOCAL_COSMOS_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface JournalEntry {
  op: 'set' | 'delete';
  db: string;
  coll: string;
  /** The container's partition key path, so an unknown container can be recreated on replay. */
  pkPath: string;
  pk: unknown;
  id: string;
  doc?: Record<string, unknown>;
}

interface Journal {
  file: string;
  paused: boolean;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments'];
const journalContext = new AsyncLocalStorage<Journal>();

// The server keeps documents in per-collection `Documents` objects; hooking their two mutators catches every
// create, replace, upsert, patch and delete. The hook is process-wide but only journals while it runs inside a
// request of a server started here (AsyncLocalStorage), so several servers in one process stay separate.
let hooked = false;
function hookDocumentWrites(): void {
  if (hooked) return;
  hooked = true;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Documents = require('@vercel/cosmosdb-server/lib/account/documents').default;
  const Collections = require('@vercel/cosmosdb-server/lib/account/collections').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const newCollection = Collections.prototype._newItem;
  Collections.prototype._newItem = function (this: { _parent: unknown }, data: unknown) {
    const collection = newCollection.call(this, data);
    collection._database = this._parent; // collections do not know their database otherwise
    return collection;
  };
  const describe = (docs: DocumentsInternals, data: Record<string, unknown>) => {
    const collection = docs._parent as { read(): { id: string }; _database?: { read(): { id: string } } };
    return {
      db: collection._database?.read().id ?? '',
      coll: collection.read().id,
      pkPath: '/' + docs._getPartitionKeyPath().join('/'),
      pk: docs._getPartition(data),
      id: String(data.id),
    };
  };
  const set = Documents.prototype._set;
  Documents.prototype._set = function (this: DocumentsInternals, data: Record<string, unknown>) {
    const result = set.call(this, data);
    record({ op: 'set', ...describe(this, data), doc: stripSystemFields(data) });
    return result;
  };
  const del = Documents.prototype.delete;
  Documents.prototype.delete = function (this: DocumentsInternals, idOrRid: string, partition: unknown) {
    const existing = this._item('/id', idOrRid, partition).read();
    const result = del.call(this, idOrRid, partition);
    // replace() deletes then sets the same document: the following `set` entry supersedes this one on fold.
    if (existing) record({ op: 'delete', ...describe(this, existing) });
    return result;
  };
}

interface DocumentsInternals {
  _parent: unknown;
  _getPartitionKeyPath(): string[];
  _getPartition(data: unknown): unknown;
  _item(keyPath: string, id: string, partition: unknown): { read(): Record<string, unknown> | undefined };
}

function record(entry: JournalEntry): void {
  const journal = journalContext.getStore();
  if (!journal || journal.paused) return;
  // Synchronous on purpose: the entry must be on disk (in the OS) before the server answers the write.
  fs.appendFileSync(journal.file, JSON.stringify(entry) + '\n');
}

function stripSystemFields(doc: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy;
}

const entryKey = (e: JournalEntry) => JSON.stringify([e.db, e.coll, e.pk, e.id]);

/** Folds journal lines into the last state of every live document. A torn last line (crash mid-write) is skipped. */
export function foldJournal(lines: Iterable<string>): JournalEntry[] {
  const live = new Map<string, JournalEntry>();
  for (const line of lines) {
    if (!line.trim()) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      continue;
    }
    const key = entryKey(entry);
    if (entry.op === 'delete') live.delete(key);
    else live.set(key, entry);
  }
  return [...live.values()];
}

export interface LocalCosmos {
  endpoint: string;
  key: string;
  /** Recreates the journalled documents through the SDK; call once, after the app's containers exist. */
  restore(client: CosmosClient): Promise<number>;
  close(): Promise<void>;
}

export async function startLocalCosmos(opts: { dataDir: string; port?: number }): Promise<LocalCosmos> {
  hookDocumentWrites();
  const dir = path.join(opts.dataDir, 'cosmos');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'journal.jsonl');
  const pending = fs.existsSync(file) ? foldJournal(fs.readFileSync(file, 'utf8').split('\n')) : [];
  // Compact before serving: write the folded state to a new file and atomically swap it in.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, pending.map((e) => JSON.stringify(e) + '\n').join(''));
  fs.renameSync(tmp, file);

  const journal: Journal = { file, paused: false };
  const server = createHttpServer({ keepAlive: true }) as http.Server;
  const [handler] = server.listeners('request') as http.RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req, res) => journalContext.run(journal, () => handler(req, res)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    key: LOCAL_COSMOS_KEY,
    async restore(client) {
      // Replayed writes are already in the compacted journal: do not journal them again.
      journal.paused = true;
      try {
        const containers = new Map<string, Container>();
        for (const entry of pending) {
          const name = `${entry.db}/${entry.coll}`;
          let container = containers.get(name);
          if (!container) {
            const { database } = await client.databases.createIfNotExists({ id: entry.db });
            ({ container } = await database.containers.createIfNotExists({
              id: entry.coll,
              partitionKey: { paths: [entry.pkPath] },
            }));
            containers.set(name, container);
          }
          await container.items.upsert(entry.doc ?? {});
        }
        return pending.length;
      } finally {
        journal.paused = false;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
