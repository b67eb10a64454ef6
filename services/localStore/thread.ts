// The local store's thread: serves the store (server.ts) and answers the bot's thread (services/localCosmos.ts),
// which holds the data folder's lock, on its port: `restore`, `writable`, `close`.
import { parentPort, workerData } from 'node:worker_threads';
import { openLocalServer } from './server';
import type { JournalStartReport } from './journalStart';

export interface ThreadOptions {
  dir: string;
  port?: number;
  compactAfterBytes?: number;
  /** Start from the last good line of a damaged journal (journalStart.ts). */
  recover?: boolean;
}

export type ThreadRequest = { id: number; op: 'restore' | 'writable' | 'close' };
export type ThreadMessage =
  { ready: { endpoint: string; key: string; journal: JournalStartReport } } | { failed: string } | { id: number; result?: unknown; error?: string };

const port = parentPort!;
const { dir, ...opts } = workerData as ThreadOptions;

openLocalServer(dir, opts).then(
  (server) => {
    port.on('message', ({ id, op }: ThreadRequest) => {
      Promise.resolve()
        .then((): unknown => (op === 'restore' ? server.restore() : op === 'writable' ? server.writable() : server.close()))
        .then(
          (result) => port.postMessage({ id, result } satisfies ThreadMessage),
          (err: unknown) => port.postMessage({ id, error: (err as Error).message ?? String(err) } satisfies ThreadMessage),
        );
    });
    port.postMessage({ ready: { endpoint: server.endpoint, key: server.key, journal: server.journal } } satisfies ThreadMessage);
  },
  (err: unknown) => {
    port.postMessage({ failed: (err as Error).message ?? String(err) } satisfies ThreadMessage);
    port.close();
  },
);
