// The customer opt-out page: the link in the customer's e-mail after a reviewer approves a claim. The signed token
// in the path is the only permission (the customer is not a user of the bot); it names the claim and expires at
// the claim's opt-out deadline.
//
// GET (and HEAD) only reads: mail scanners open links before people do. The page's Decline button asks first
// ("Decline the association with <partner>?", Decline or Keep); only a POST answering Decline declines: Approved ->
// Rejected ("Customer declined") through the store's ETag-conditional transition, so repeated or racing posts
// record one decline and all get the same confirmation. Pages show only what the customer's e-mail said, everything
// escaped, no scripts, and are rate-limited per client address.
import type { Request, Response, Server } from 'restify';
import type { AssociationStore, ClaimRef } from '../../services/associationStore';
import type { Clock } from '../../services/clock';
import type { Claim } from '../../services/domain/claim';
import type { Logger } from '../../services/logger';
import type { LinkSigner } from '../../services/signedLinks';
import {
  ANSWER_FIELD,
  bilingualPage,
  confirmPage,
  formatDeadline,
  formPage,
  messagePage,
  optOutStringsFor,
  type OptOutAnswer,
  type OptOutStrings,
} from './optOutPages';
import { clientKeyOf, RateLimiter, type RateLimit } from './rateLimit';
import { pathParam } from './request';

export interface OptOutDeps {
  claims: Pick<AssociationStore, 'get' | 'transition'>;
  signer: LinkSigner;
  /** Called once per decline, after it is stored: deliver the claim's outbox (partner message, review card). */
  onDeclined(claim: Claim): void;
  log: Logger;
  clock: Clock;
  /** IANA time zone the deadline is shown in (the one the e-mail used); default UTC. */
  timeZone?: string;
  rateLimit?: Partial<RateLimit>;
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

const SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const DEFAULT_RATE_LIMIT: RateLimit = { burst: 20, perMinute: 20, maxClients: 10_000 };

/** The claim was declined by the customer and nothing happened since (the last history entry is the decline). */
const declinedByCustomer = (claim: Claim): boolean => claim.status === 'Rejected' && claim.history[claim.history.length - 1]?.action === 'customerDecline';

/** What a POST answered on the confirmation page; nothing (the first page's button): ask. */
function answerOf(req: Request): OptOutAnswer | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[ANSWER_FIELD];
  return value === 'decline' || value === 'keep' ? value : undefined;
}

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
    const answer = req.method === 'POST' ? (answerOf(req) ?? 'ask') : undefined;
    const decline = answer === 'decline';
    const retryAfter = limiter.take(clientKey(req), now().getTime());
    if (retryAfter !== undefined) {
      log.debug({ route: 'optout' }, 'opt-out page rate-limited');
      send(
        res,
        429,
        bilingualPage((s) => ({ title: s.tooManyTitle, paragraphs: [s.tooMany] })),
        { 'retry-after': String(retryAfter) },
      );
      return;
    }
    const invalid = () =>
      send(
        res,
        404,
        bilingualPage((s) => ({ title: s.invalidTitle, paragraphs: [s.invalid, s.invalidHint] })),
      );

    const token = pathParam(req, '*');
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
      const expired = (s: OptOutStrings, at: string | Date) => send(res, 410, messagePage(s, s.expiredTitle, [s.expired(formatDeadline(at, s, timeZone))]));
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
      const deadline = formatDeadline(claim.optOutDeadline ?? opened.expires, s, timeZone);
      if (answer === undefined) {
        send(res, 200, formPage(claim, s, deadline));
        return;
      }
      if (answer === 'ask') {
        send(res, 200, confirmPage(claim, s));
        return;
      }
      if (answer === 'keep') {
        send(res, 200, messagePage(s, s.keptTitle, [s.kept(deadline)]));
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
      send(
        res,
        503,
        bilingualPage((t) => ({ title: t.failedTitle, paragraphs: [t.failed] })),
        { 'retry-after': '30' },
      );
    }
  };

  const path = `${OPT_OUT_PATH}/*`;
  server.get(path, handle);
  server.head(path, handle);
  server.post(path, handle);
}
