// The local default's database: @vercel/cosmosdb-server's in-memory account made durable and safe
// (services/localStore/server.ts), run in a worker thread of its own so that a long query (an export, a list over
// 50k claims) never stalls the bot's event loop, while staying part of the bot's process: it dies with the bot
// (even on kill -9), so no orphan can keep the data folder, and the data folder's lock names the bot's pid.
// - a journal (`<dataDir>/cosmos/journal.jsonl`): every document write is one line, appended before the write is
//   answered; a write the journal cannot take fails whole (localStore/journal.ts, engine.ts);
// - a lock on the data folder, taken here in the bot's thread, so a second process cannot run on the same journal
//   (localStore/dataLock.ts);
// - the master-key signature on every request, under a key made at each start and kept in `<dataDir>/cosmos/key`
//   readable by the bot's user only, so nobody else on the machine reads the data (masterKeyAuth.ts).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createDefaultHttpClient, createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { systemClock, type Clock } from './clock';
import { lockDataDir } from './localStore/dataLock';
import { NOW_HEADER, QUERY_PLAN_HEADER, QUERY_PLAN_REFUSAL } from './localStore/server';
import type { ThreadMessage, ThreadOptions, ThreadRequest } from './localStore/thread';
import type { JournalStartReport } from './localStore/journalStart';

export { foldJournal, type JournalEntry } from './localStore/journal';

/** What the health check and shutdown ask of a store, local or remote. */
export interface StoreLifecycle {
  /** False while writes cannot be kept (the local journal cannot be written: disk full, or the store's thread died). */
  writable(): Promise<boolean>;
  /** False once the local data folder's lock is no longer this process's (always true for a remote account). */
  locked(): boolean;
  close(): Promise<void>;
}

export interface LocalCosmos extends StoreLifecycle {
  endpoint: string;
  key: string;
  /** What was done to the journal at start (for the operator's log). */
  journal: JournalStartReport;
  /** For the CosmosClient: sends the clock's "now" with each request (the store dates writes and TTL by it), and
   * answers the SDK's query-plan requests without sending them (the store serves none). */
  httpClient: HttpClient;
  /** Restores the journalled containers nobody created, compacts the journal if needed; returns the documents restored. */
  restore(): Promise<number>;
}

/**
 * The answer the store gives every query-plan request (localStore/server.ts: it never serves plans, and the SDK
 * then runs the query itself). The SDK asks for a plan beside every query; answered here, it costs no round trip
 * to the store's thread, no signing check and no socket write: a quarter to a half of an approval's store requests.
 */
function noQueryPlan(request: PipelineRequest): PipelineResponse {
  return {
    request,
    status: 400,
    headers: createHttpHeaders({ 'content-type': 'application/json' }),
    bodyAsText: JSON.stringify({ code: 'BadRequest', message: QUERY_PLAN_REFUSAL }),
  };
}

/** An HTTP client that stamps every request with `clock`'s now, and answers query-plan requests itself. */
function localHttpClient(clock: Clock): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      if (request.headers.get(QUERY_PLAN_HEADER)?.toLowerCase() === 'true') return noQueryPlan(request);
      request.headers.set(NOW_HEADER, String(clock.now().getTime()));
      return inner.sendRequest(request);
    },
  };
}

export async function startLocalCosmos(opts: {
  dataDir: string;
  port?: number;
  clock?: Clock;
  compactAfterBytes?: number;
  recover?: boolean;
}): Promise<LocalCosmos> {
  const lock = lockDataDir(opts.dataDir);
  let worker: Worker;
  let ready: { endpoint: string; key: string; journal: JournalStartReport };
  try {
    const workerData: ThreadOptions = {
      dir: path.join(opts.dataDir, 'cosmos'),
      port: opts.port,
      compactAfterBytes: opts.compactAfterBytes,
      recover: opts.recover,
    };
    // The thread inherits this process's options (a test's `node -r <fault injector>` reaches it too).
    worker = new Worker(path.join(__dirname, 'localStore', 'thread.js'), { workerData });
    ready = await new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the local store's thread ended at start (exit code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: ThreadMessage) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if ('ready' in message) resolve(message.ready);
        else reject(new Error('failed' in message ? message.failed : "the local store's thread did not start"));
      });
    });
  } catch (err) {
    lock.release();
    throw err;
  }

  let nextId = 0;
  let ended = false;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      ended = true;
      lock.release();
      for (const { reject } of waiting.values()) reject(new Error(`the local store's thread has ended (exit code ${code})`));
      waiting.clear();
      resolve();
    }),
  );
  worker.on('error', (err) => process.stderr.write(`the local store's thread failed: ${err.stack ?? err.message}\n`));
  worker.on('message', (message: ThreadMessage) => {
    if (!('id' in message)) return;
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  });
  const call = <T>(op: ThreadRequest['op']): Promise<T> => {
    if (ended) return Promise.reject(new Error("the local store's thread has ended"));
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op } satisfies ThreadRequest);
    });
  };

  return {
    ...ready,
    httpClient: localHttpClient(opts.clock ?? systemClock),
    restore: () => call<number>('restore'),
    writable: async () => !ended && (await call<boolean>('writable')),
    locked: () => !ended && lock.held(),
    async close() {
      if (!ended) await call('close');
      await worker.terminate();
      await exited;
    },
  };
}
