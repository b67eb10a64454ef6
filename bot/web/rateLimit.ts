// Rate limiting of the public pages: a token bucket per client, in a bounded map (least recently seen forgotten
// first), and the client's key from its socket address or a trusted front end's X-Forwarded-For.
import type { Request } from 'restify';

export interface RateLimit {
  /** Requests a client may make at once (default 20). */
  burst: number;
  /** Requests a client regains per minute (default 20). */
  perMinute: number;
  /** Clients remembered at most; the least recently seen is forgotten first (default 10 000). */
  maxClients: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(private readonly limit: RateLimit) {
    if (!(limit.burst >= 1 && limit.perMinute > 0 && limit.maxClients >= 1)) throw new RangeError('invalid rate limit');
    this.perMs = limit.perMinute / 60_000;
  }

  /** Takes one request from `key`'s bucket: undefined when allowed, else the seconds until one is. */
  take(key: string, nowMs: number): number | undefined {
    const bucket = this.buckets.get(key);
    let tokens = this.limit.burst;
    if (bucket) {
      this.buckets.delete(key); // re-inserted below: the map's order is least recently seen first
      tokens = Math.min(this.limit.burst, bucket.tokens + Math.max(0, nowMs - bucket.at) * this.perMs);
    }
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.buckets.set(key, { tokens, at: nowMs });
    while (this.buckets.size > this.limit.maxClients) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    return allowed ? undefined : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }
}

/**
 * The client's address behind a trusted front end (App Service, Front Door): the right-most X-Forwarded-For entry
 * is the one the front end added, so a client cannot choose its own bucket by sending the header itself.
 */
export function forwardedClientKey(req: Request): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  // App Service appends the port ("1.2.3.4:5678"); the address alone is the client.
  const last = forwarded[forwarded.length - 1]?.replace(/^\[?([^\]]+?)\]?(?::\d+)?$/, '$1');
  return clientKeyOf(last ?? req.socket?.remoteAddress);
}

/** A rate-limit key for a socket address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 network. */
export function clientKeyOf(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0].toLowerCase();
  const [left, right] = bare.split('::');
  const head = left ? left.split(':') : [];
  const tail = right !== undefined && right !== '' ? right.split(':') : [];
  const groups = right === undefined ? head : [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail];
  const network = groups.slice(0, 4).map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? g.replace(/^0+(?=.)/, '') : g));
  return `${network.join(':')}::/64`;
}
