// A local stand-in for the Bot Connector service: the bot's real ConnectorClient posts its replies here
// (the activities' serviceUrl points at it) and the test reads what was received. Loopback only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export interface ReceivedActivity {
  method: string;
  path: string;
  authorization?: string;
  activity: Partial<Activity>;
}

export interface LocalConnector {
  serviceUrl: string;
  received: ReceivedActivity[];
  /** The next `times` requests (default 1) are answered `status`, with Retry-After when given, and not recorded. */
  failNext(status: number, opts?: { retryAfterSeconds?: number; times?: number }): void;
  /** Requests refused by failNext, in order. */
  refused: { method: string; path: string; status: number }[];
  /**
   * Requests whose path contains `pathPart` are accepted and never answered (a hung peer) until `hang(undefined)`;
   * they are listed in `hung`, with `closed` set once the bot gives up and closes the connection.
   */
  hang(pathPart: string | undefined): void;
  hung: { method: string; path: string; closed: boolean }[];
  /** Called with each activity received, before it is answered (a test may kill the sender right then). */
  onActivity(listener: ((received: ReceivedActivity) => void) | undefined): void;
  /**
   * Teams' roster: GET /v3/conversations/{id}/members/{userId} answers the account kept here for the user (their
   * own tenant included), in any conversation; an unknown user gets a bare account. Roster reads are not `received`.
   */
  members: Map<string, { id: string; name?: string; aadObjectId?: string; tenantId?: string }>;
  /** The user ids of the roster reads, in order. */
  rosterReads: string[];
  /** Resolves once `count` activities have arrived (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedActivity[]>;
  /** Resolves after `windowMs` if nothing more arrived meanwhile; rejects as soon as something does. */
  nothingMoreWithin(windowMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalConnector(): Promise<LocalConnector> {
  const received: ReceivedActivity[] = [];
  const refused: LocalConnector['refused'] = [];
  let failures: { status: number; retryAfterSeconds?: number }[] = [];
  let waiters: (() => void)[] = [];
  let nextId = 1;
  let hangOn: string | undefined;
  let listener: ((received: ReceivedActivity) => void) | undefined;
  const hung: LocalConnector['hung'] = [];
  const members: LocalConnector['members'] = new Map();
  const rosterReads: string[] = [];
  const server = http.createServer((req, res) => {
    if (hangOn !== undefined && (req.url ?? '').includes(hangOn)) {
      const entry = { method: req.method ?? '', path: req.url ?? '', closed: false };
      hung.push(entry);
      res.on('close', () => (entry.closed = true));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const member = req.method === 'GET' ? /\/members\/([^/?]+)$/.exec(req.url ?? '') : null;
      if (member) {
        // A roster read, not an activity: answered, and not counted among what was received
        // nor failed by a failure meant for a send.
        const id = decodeURIComponent(member[1]);
        rosterReads.push(id);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(members.get(id) ?? { id }));
        return;
      }
      const failure = failures.shift();
      if (failure) {
        refused.push({ method: req.method ?? '', path: req.url ?? '', status: failure.status });
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
        res.writeHead(failure.status, headers);
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'simulated failure' } }));
        return;
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      received.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, activity: body });
      listener?.(received[received.length - 1]);
      waiters.forEach((w) => w());
      res.writeHead(200, { 'content-type': 'application/json' });
      // POST /v3/conversations creates a conversation; everything else is an activity.
      const created = req.method === 'POST' && /^\/v3\/conversations\/?$/.test(req.url ?? '');
      res.end(JSON.stringify(created ? { id: `a:created-${nextId++}`, activityId: '' } : { id: `reply-${nextId++}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    refused,
    hung,
    members,
    rosterReads,
    hang(pathPart) {
      hangOn = pathPart;
    },
    onActivity(l) {
      listener = l;
    },
    failNext(status, opts = {}) {
      failures = failures.concat(Array.from({ length: opts.times ?? 1 }, () => ({ status, retryAfterSeconds: opts.retryAfterSeconds })));
    },
    nothingMoreWithin(windowMs) {
      const count = received.length;
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
        };
        const check = () => {
          if (received.length === count) return;
          done();
          reject(
            new Error(
              `${received.length - count} more activities arrived: ${received
                .slice(count)
                .map((r) => r.activity.text ?? r.path)
                .join(' | ')}`,
            ),
          );
        };
        const timer = setTimeout(() => {
          done();
          resolve();
        }, windowMs);
        waiters.push(check);
      });
    },
    waitFor(count, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            waiters = waiters.filter((w) => w !== check);
            clearTimeout(timer);
            resolve(received.slice());
          }
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check);
          reject(new Error(`expected ${count} activities at the connector, got ${received.length}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
