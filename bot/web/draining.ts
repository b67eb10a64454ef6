// A clean stop (SIGTERM) for the HTTP side: from `drain()` on, new requests are refused with 503 and
// `Connection: close` (the load balancer sends them to another instance), while the requests already in flight
// run to their end; `drain` resolves once none is left, or after the grace period.
import type { Next, Request, Response, Server } from 'restify';

/** Still answered while stopping (with Connection: close): the probes tell the platform what is going on. */
const PROBES = new Set(['/healthz', '/readyz']);

export class Draining {
  private inFlight = 0;
  private stopping = false;
  private idle: (() => void)[] = [];

  get active(): boolean {
    return this.stopping;
  }

  /** Counts every request and refuses new work while draining (register before the routes). */
  register(server: Server): void {
    server.pre((req: Request, res: Response, next: Next) => {
      if (this.stopping) {
        res.setHeader('connection', 'close');
        if (!PROBES.has(req.getPath())) {
          res.send(503, { status: 'stopping' });
          return next(false);
        }
      }
      this.inFlight++;
      res.once('close', () => {
        if (--this.inFlight === 0) for (const done of this.idle.splice(0)) done();
      });
      return next();
    });
  }

  /** Stops taking new requests; resolves when those in flight have ended, or after `graceMs`. */
  async drain(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
