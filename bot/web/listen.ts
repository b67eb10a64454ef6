// How the HTTP server takes connections under load.
// - Backlog: connections the kernel holds for us while the event loop is busy with turns. Node's default (511) was
//   measured too small: with 1,000 turns in flight it overflowed 5,409 times in 60 s, and each dropped SYN waits out
//   TCP's retransmission (1 s, 3 s, 7 s…), so the p99 was 61–81 s while the p50 was 0.8 s. 4096 holds the benchmark's
//   1,000 concurrent turns with room to spare (Linux caps it at net.core.somaxconn, 4096 by default since 5.4).
// - Keep-alive: a front end (App Service, Front Door, a load balancer) keeps idle connections to us for up to 4
//   minutes (Azure Load Balancer's default idle timeout). If we close an idle connection first, a request it sends
//   on it at that moment is reset (a 502 for the caller); Node's 5 s default made that race frequent. Ours outlasts
//   theirs, so the front end always closes first. Headers must still arrive promptly on each request.
import type { Server } from 'restify';

export const LISTEN_BACKLOG = 4096;
export const KEEP_ALIVE_TIMEOUT_MS = 245_000;

/** Listens with the backlog and keep-alive above; rejects when the address cannot be taken. */
export function listenForLoad(server: Server, port: number, host: string): Promise<void> {
  server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, LISTEN_BACKLOG, () => resolve());
  });
}
