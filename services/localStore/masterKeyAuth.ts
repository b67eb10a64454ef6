// Cosmos DB master-key authorization, server side: the SDK signs each request with an HMAC-SHA256 of
// "verb\nresourceType\nresourceLink\ndate\n\n" under the account key (type=master&ver=1.0&sig=…). The local store
// checks it, so a process on the same machine without the key (curl, a browser) cannot read or change the data.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The resource type and link the SDK signs for a request path (`/dbs/a/colls/b/docs` -> docs, dbs/a/colls/b). */
export function signedResource(pathname: string): { type: string; link: string } {
  const segments = decodeURI(pathname)
    .split('/')
    .filter((s) => s !== '');
  if (segments.length === 0) return { type: '', link: '' };
  // An even number of segments names one resource (…/docs/<id>); an odd one a feed of a parent (…/docs).
  return segments.length % 2 === 0
    ? { type: segments[segments.length - 2], link: segments.join('/') }
    : { type: segments[segments.length - 1], link: segments.slice(0, -1).join('/') };
}

export function masterKeySignature(key: string, verb: string, type: string, link: string, date: string): string {
  const text = `${verb.toLowerCase()}\n${type.toLowerCase()}\n${link}\n${date.toLowerCase()}\n\n`;
  return createHmac('sha256', Buffer.from(key, 'base64')).update(text).digest('base64');
}

/** Azure Cosmos DB refuses a request whose x-ms-date is further than this from its own clock (a replayed request). */
export const MAX_DATE_SKEW_MS = 15 * 60_000;

/**
 * Whether the request's signed date is within MAX_DATE_SKEW_MS of `nowMs`. The SDK signs with the system clock
 * (never the bot's Clock, which tests may set to another year), so this is compared with the system clock too.
 */
export function isDateCurrent(req: IncomingMessage, nowMs: number): boolean {
  const signed = Date.parse(String(req.headers['x-ms-date'] ?? ''));
  return Math.abs(nowMs - signed) <= MAX_DATE_SKEW_MS;
}

/** Whether the request carries a valid master-key signature for `key`. */
export function isAuthorized(req: IncomingMessage, key: string): boolean {
  const header = req.headers.authorization;
  const date = req.headers['x-ms-date'];
  if (typeof header !== 'string' || typeof date !== 'string') return false;
  let token: string;
  try {
    token = decodeURIComponent(header);
  } catch {
    return false;
  }
  const params = new URLSearchParams(token.replace(/\+/g, '%2B'));
  const sig = params.get('sig');
  if (params.get('type') !== 'master' || params.get('ver') !== '1.0' || !sig) return false;
  let pathname = (req.url ?? '/').split('?')[0];
  if (pathname.startsWith('//')) pathname = pathname.slice(1);
  let resource: { type: string; link: string };
  try {
    resource = signedResource(pathname);
  } catch {
    return false;
  }
  const expected = Buffer.from(masterKeySignature(key, req.method ?? '', resource.type, resource.link, date));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
