// The customer opt-out page: the link in the customer's e-mail after a reviewer approves a claim. The signed token
// in the path is the only permission (the customer is not a user of the bot); it names the claim and expires at
// the claim's opt-out deadline.
//
// GET (and HEAD) only reads: mail scanners open links before people do. POST declines: Approved -> Rejected
// ("Customer declined") through the store's ETag-conditional transition, so repeated or racing posts record one
// decline and all get the same confirmation. Pages show only what the customer's e-mail said, everything
// escaped, no scripts, and are rate-limited per client address.
import { formatDeadline as formatNoticeDeadline } from '../../services/customerNotice';
import type { Request, Response, Server } from 'restify';
import type { AssociationStore, ClaimRef } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import { partnerLabel, type Claim } from '../../services/domain/claim';
import type { Logger } from '../../services/logger';
import type { LinkSigner } from '../../services/signedLinks';
import { escapeHtml } from '../../services/html';
import { allLanguages, languageOfDomain, type Strings } from '../../services/strings';

export interface OptOutRateLimit {
  /** Requests a client may make at once (default 20). */
  burst: number;
  /** Requests a client regains per minute (default 20). */
  perMinute: number;
  /** Clients remembered at most; the least recently seen is forgotten first (default 10 000). */
  maxClients: number;
}

export interface OptOutDeps {
  claims: Pick<AssociationStore, 'get' | 'transition'>;
  signer: LinkSigner;
  /** Called once per decline, after it is stored: deliver the claim's outbox (partner message, review card). */
  onDeclined(claim: Claim): void;
  log: Logger;
  clock: Clock;
  /** IANA time zone the deadline is shown in (the one the e-mail used); default UTC. */
  timeZone?: string;
  rateLimit?: Partial<OptOutRateLimit>;
  /**
   * Who a request comes from, for the rate limit. Default: the socket's address (an IPv6 client by its /64).
   * Behind a reverse proxy every request has the proxy's address: pass a function that reads the client address
   * the proxy sets, and only if the proxy overwrites that header.
   */
  clientKey?: (req: Request) => string;
}

export const OPT_OUT_PATH = '/optout';

/** The subject of an opt-out token: which claim, in which partner partition. */
export const optOutSubject = (claim: ClaimRef): string => `${claim.partnerTenantId}/${claim.id}`;

/** The link for the customer's e-mail, valid until the claim's opt-out deadline. */
export function optOutUrl(publicBaseUrl: string, signer: LinkSigner, claim: ClaimRef & { optOutDeadline?: string }): string {
  if (!claim.optOutDeadline) throw new Error(`claim ${claim.id} has no opt-out deadline`);
  const token = signer.seal('optout', optOutSubject(claim), new Date(claim.optOutDeadline));
  return `${publicBaseUrl.replace(/\/+$/, '')}${OPT_OUT_PATH}/${token}`;
}

export type OptOutStrings = Strings['optOutPage'];

/** The page in the customer's language (the one their e-mail was written in). */
const optOutStringsFor = (customerDomain: string | undefined): OptOutStrings => allLanguages[languageOfDomain(customerDomain)].optOutPage;

// ---------------------------------------------------------------------------------------------------------------
// HTML: every interpolated value is escaped unless it is already Html built by the `html` tag.

class Html {
  constructor(readonly value: string) {}
}

function html(parts: TemplateStringsArray, ...values: unknown[]): Html {
  let out = parts[0];
  values.forEach((value, i) => {
    out += render(value) + parts[i + 1];
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

const STYLE = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;background:#f3f2f1;color:#201f1e;font:1rem/1.5 "Segoe UI",system-ui,-apple-system,Roboto,Helvetica,Arial,sans-serif}',
  'main{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem 2.5rem;background:#fff;min-height:100vh}',
  'header{color:#605e5c;font-size:.875rem;margin-bottom:1rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'h2{font-size:1.125rem;margin:1.5rem 0 .5rem}',
  'p{margin:0 0 1rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.375rem 1rem;margin:0 0 1rem}',
  'dt{font-weight:600}',
  'dd{margin:0;overflow-wrap:anywhere}',
  'ul{margin:0;padding-left:1.25rem}',
  '.deadline{font-weight:600}',
  'form{margin:1.5rem 0 0}',
  'button{font:inherit;font-weight:600;min-height:2.75rem;padding:.625rem 1.25rem;border:2px solid #a4262c;border-radius:4px;background:#a4262c;color:#fff;cursor:pointer}',
  'button:hover{background:#8a2026}',
  'button:focus-visible{outline:3px solid #201f1e;outline-offset:2px}',
  '@media (max-width:32rem){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.625rem}button{width:100%}}',
].join('');

function page(lang: string, title: string, siteName: string, body: Html): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} – ${siteName}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
<header>${siteName}</header>
${body}
</main>
</body>
</html>
`.value;
}

/** A short page with a heading and paragraphs, in one language. */
function messagePage(s: OptOutStrings, title: string, paragraphs: string[]): string {
  return page(s.lang, title, s.siteName, html`<h1>${title}</h1>
${paragraphs.map((p) => html`<p>${p}</p>\n`)}`);
}

/** A short page when the customer's language is unknown (no claim): English, then Italian. */
function bilingualPage(pick: (s: OptOutStrings) => { title: string; paragraphs: string[] }): string {
  const en = pick(allLanguages.en.optOutPage);
  const it = pick(allLanguages.it.optOutPage);
  return page('en', en.title, allLanguages.en.optOutPage.siteName, html`<h1>${en.title}</h1>
${en.paragraphs.map((p) => html`<p>${p}</p>\n`)}<div lang="it">
<h2>${it.title}</h2>
${it.paragraphs.map((p) => html`<p>${p}</p>\n`)}</div>`);
}

/** The deadline exactly as the customer's e-mail wrote it, in the page's language and the configured zone. */
export function formatDeadline(when: string | Date, s: OptOutStrings, timeZone: string): string {
  const date = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(date.getTime())) return String(when);
  return formatNoticeDeadline(date, timeZone, s.dateLocale.startsWith('it') ? 'it' : 'en');
}

/** The form page: exactly what the customer's e-mail said, and the Decline button. */
function formPage(claim: Claim, s: OptOutStrings, deadline: string): string {
  const l = s.labels;
  const workloads = claim.workloads?.length ? claim.workloads : undefined;
  const coverage = workloads
    ? html`<dt>${l.workloads}</dt><dd><ul>${workloads.map((w) => html`<li>${w}</li>`)}</ul></dd>\n`
    : html`<dt>${l.product}</dt><dd>${claim.product ?? ''}</dd>
<dt>${l.subscriptionId}</dt><dd>${claim.subscriptionId ?? ''}</dd>\n`;
  return page(s.lang, s.heading, s.siteName, html`<h1>${s.heading}</h1>
<p>${s.lead}</p>
<p class="deadline">${s.deadline(deadline)}</p>
<dl>
<dt>${l.partnerOrganisation}</dt><dd>${partnerLabel(claim)}</dd>
<dt>${l.partnerContact}</dt><dd>${claim.partnerContact?.name ?? ''}</dd>
<dt>${l.partnerId}</dt><dd>${claim.partnerId}</dd>
<dt>${l.customerDomain}</dt><dd>${claim.customerDomain}</dd>
<dt>${l.customerTenantId}</dt><dd>${claim.customerTenantId}</dd>
${coverage}</dl>
<h2>${s.accessHeading}</h2>
<p>${workloads ? s.accessWorkloads : s.accessSubscription}</p>
<p>${s.ifNothing}</p>
<p>${s.declineHint}</p>
<form method="post">
<button type="submit">${s.declineButton}</button>
</form>`);
}

// ---------------------------------------------------------------------------------------------------------------
// Rate limit: a token bucket per client, in a bounded map (least recently seen forgotten first).

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(private readonly limit: OptOutRateLimit) {
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

/** A rate-limit key for a socket address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 network. */
/**
 * The client's address behind a trusted front end (App Service, Front Door): the right-most X-Forwarded-For entry
 * is the one the front end added, so a client cannot choose its own bucket by sending the header itself.
 */
export function forwardedClientKey(req: Request): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  // App Service appends the port ("1.2.3.4:5678"); the address alone is the client.
  const last = forwarded[forwarded.length - 1]?.replace(/^\[?([^\]]+?)\]?(?::\d+)?$/, '$1');
  return clientKeyOf(last ?? req.socket?.remoteAddress);
}

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

// ---------------------------------------------------------------------------------------------------------------
// Routes

const SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const DEFAULT_RATE_LIMIT: OptOutRateLimit = { burst: 20, perMinute: 20, maxClients: 10_000 };

/** The claim was declined by the customer and nothing happened since (the last history entry is the decline). */
const declinedByCustomer = (claim: Claim): boolean =>
  claim.status === 'Rejected' && claim.history[claim.history.length - 1]?.action === 'customerDecline';

function refOf(subject: string): ClaimRef | undefined {
  const slash = subject.indexOf('/');
  if (slash <= 0 || slash === subject.length - 1) return undefined;
  return { partnerTenantId: subject.slice(0, slash), id: subject.slice(slash + 1) };
}

/**
 * Registers GET, HEAD and POST `/optout/<token>` on `server`. The route is a wildcard (`/optout/*`), not
 * `/optout/:token`: restify's router refuses path parameters longer than 100 characters, and a token is longer.
 */
export function registerOptOutRoutes(server: Server, deps: OptOutDeps): void {
  const now = () => deps.clock.now();
  const timeZone = deps.timeZone ?? 'UTC';
  new Intl.DateTimeFormat('en', { timeZone }); // an unknown zone throws here, at start, not on a customer's request
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMIT, ...deps.rateLimit });
  const clientKey = deps.clientKey ?? ((req: Request) => clientKeyOf(req.socket?.remoteAddress));
  const { log } = deps;

  const send = (res: Response, status: number, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(body);
  };

  const handle = async (req: Request, res: Response): Promise<void> => {
    const decline = req.method === 'POST';
    const retryAfter = limiter.take(clientKey(req), now().getTime());
    if (retryAfter !== undefined) {
      log.debug({ route: 'optout' }, 'opt-out page rate-limited');
      send(res, 429, bilingualPage((s) => ({ title: s.tooManyTitle, paragraphs: [s.tooMany] })), { 'retry-after': String(retryAfter) });
      return;
    }
    const invalid = () => send(res, 404, bilingualPage((s) => ({ title: s.invalidTitle, paragraphs: [s.invalid, s.invalidHint] })));

    const token = String((req.params as Record<string, unknown> | undefined)?.['*'] ?? '');
    const opened = deps.signer.open('optout', token, now());
    if ('error' in opened && opened.error === 'invalid') {
      invalid();
      return;
    }
    const ref = refOf(opened.subject);
    if (!ref) {
      invalid();
      return;
    }
    try {
      const claim = await deps.claims.get(ref.partnerTenantId, ref.id);
      const expired = (s: OptOutStrings, at: string | Date) =>
        send(res, 410, messagePage(s, s.expiredTitle, [s.expired(formatDeadline(at, s, timeZone))]));
      if ('error' in opened) {
        expired(optOutStringsFor(claim?.customerDomain), opened.expiredAt);
        return;
      }
      if (!claim) {
        invalid();
        return;
      }
      const s = optOutStringsFor(claim.customerDomain);
      const confirmed = () => send(res, 200, messagePage(s, s.declinedTitle, [s.declined, s.nothingElse]));
      const closed = () => send(res, decline ? 409 : 200, messagePage(s, s.closedTitle, [s.closed]));

      if (declinedByCustomer(claim)) {
        if (decline) confirmed();
        else send(res, 200, messagePage(s, s.declinedTitle, [s.alreadyDeclined, s.nothingElse]));
        return;
      }
      if (claim.status !== 'Approved') {
        closed();
        return;
      }
      if (claim.optOutDeadline && Date.parse(claim.optOutDeadline) <= now().getTime()) {
        expired(s, claim.optOutDeadline);
        return;
      }
      if (!decline) {
        send(res, 200, formPage(claim, s, formatDeadline(claim.optOutDeadline ?? opened.expires, s, timeZone)));
        return;
      }

      const result = await deps.claims.transition(ref, {
        action: 'customerDecline',
        actor: { id: 'customer', name: claim.customerContact?.email ?? claim.customerDomain },
        party: 'customer',
      });
      switch (result.kind) {
        case 'done':
          log.info({ claimId: ref.id, partnerTenantId: ref.partnerTenantId, version: result.claim.version }, 'customer declined the association');
          try {
            deps.onDeclined(result.claim);
          } catch (err) {
            log.error({ err, claimId: ref.id }, 'after the customer declined: onDeclined failed');
          }
          confirmed();
          return;
        case 'notFound':
          invalid();
          return;
        default:
          // Someone acted first: another post of the same decline (confirm it), or a reviewer / the scheduler.
          if (declinedByCustomer(result.claim)) confirmed();
          else closed();
      }
    } catch (err) {
      log.error({ err, claimId: ref.id, partnerTenantId: ref.partnerTenantId }, 'opt-out page failed');
      send(res, 503, bilingualPage((t) => ({ title: t.failedTitle, paragraphs: [t.failed] })), { 'retry-after': '30' });
    }
  };

  const path = `${OPT_OUT_PATH}/*`;
  server.get(path, handle);
  server.head(path, handle);
  server.post(path, handle);
}
