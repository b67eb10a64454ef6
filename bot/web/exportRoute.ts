// The partner's CSV export of their organisation's claims: `GET /export/<token>`.
//
// How the file reaches the partner: the bot puts a signed, short-lived (15 minutes) download link on a card in the
// chat, and the browser downloads the file from here. The Teams file-consent flow (FileConsentCard, upload to the
// user's OneDrive) is out of scope for now. The sealed token is the only permission: it names the partner
// organisation (tenant) and expires; whoever holds the link can download that organisation's claims (contact
// e-mails included) until then, so the bot must hand it only to the organisation's Incentives admins / users, in
// their 1:1 chat.
//
// Reviewers get the same for the review queue (`GET /review-export/<token>`, the queue's filters sealed in the token,
// every organisation): the bot hands that link only to reviewers.
//
// The CSV is streamed a page of claims at a time with backpressure (stream.pipeline): memory stays bounded by the page size however
// many claims the organisation has, and a client that stops reading stops the queries.
import type { Clock } from '../../services/clock';
import type { Container } from '@azure/cosmos';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response, Server } from 'restify';
import { exportClaimsCsv, reviewClaimsCsv, DEFAULT_EXPORT_PAGE_SIZE } from '../../services/csvExport';
import type { AssociationStore, QueueFilters } from '../../services/associationStore';
import type { Logger } from '../../services/logger';
import type { LinkSigner } from '../../services/signedLinks';
import { paced } from './paced';
import { pathParam } from './request';

export const EXPORT_PATH = '/export';
export const REVIEW_EXPORT_PATH = '/review-export';
/** How long an export link works: long enough to click it, short enough that a forwarded link soon dies. */
export const EXPORT_LINK_MINUTES = 15;

export interface ExportDeps {
  /** The associations container (claims, partitioned by partner tenant id). */
  associations: Container;
  signer: LinkSigner;
  log: Logger;
  /** Link expiry and the file's date: the bot's clock. */
  clock: Clock;
  /** Claims per Cosmos page and per chunk written (default 100). */
  pageSize?: number;
  /** The reviewers' queue export is served only when given. */
  claims?: AssociationStore;
}

/**
 * The download link for the chat (an Action.OpenUrl on a card): the organisation's export, for 15 minutes.
 * Give it only to a user with a partner role in `partnerTenantId`.
 */
export function exportLink(publicBaseUrl: string, signer: LinkSigner, partnerTenantId: string, now: Date): string {
  const token = signer.seal('export', partnerTenantId, new Date(now.getTime() + EXPORT_LINK_MINUTES * 60_000));
  return `${publicBaseUrl.replace(/\/+$/, '')}${EXPORT_PATH}/${token}`;
}

const TEXT_HEADERS = {
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function sendText(res: Response, status: number, body: string): void {
  res.writeHead(status, { ...TEXT_HEADERS, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * The reviewers' link: every organisation's queue with these filters (JSON in the sealed token), for 15 minutes.
 * Give it only to a reviewer.
 */
export function reviewExportLink(publicBaseUrl: string, signer: LinkSigner, filters: QueueFilters, now: Date): string {
  const token = signer.seal('reviewExport', JSON.stringify(filters), new Date(now.getTime() + EXPORT_LINK_MINUTES * 60_000));
  return `${publicBaseUrl.replace(/\/+$/, '')}${REVIEW_EXPORT_PATH}/${token}`;
}

/**
 * Streams `csv` as the response: the header line and the first page are read before answering, so a store that
 * is down gets a 503 instead of a 200 with a truncated file; then through stream.pipeline, which waits while the
 * client does not read and stops the queries when it goes away (the generator is returned); a failure mid-file
 * destroys the response, cutting the connection without the final chunk, so the client sees a failed download
 * rather than a file that looks complete.
 */
async function sendCsv(res: Response, csv: AsyncGenerator<string>, fileName: string, context: Record<string, unknown>, log: Logger): Promise<void> {
  const started = Date.now();
  let bytes = 0;
  const first: string[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const next = await csv.next();
      if (next.done) break;
      first.push(next.value);
    }
  } catch (err) {
    log.error({ err, ...context }, 'claims export failed');
    await csv.return(undefined);
    res.setHeader('retry-after', '30');
    sendText(res, 503, 'The export failed. Try again in a few minutes.\n');
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  async function* chunks(): AsyncGenerator<string> {
    try {
      for (const chunk of first) {
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
      // Page after page at half pace: a turn meanwhile does not queue behind the export's pages.
      for await (const chunk of paced(csv)) {
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    } finally {
      await csv.return(undefined);
    }
  }
  try {
    await pipeline(Readable.from(chunks()), res);
    log.info({ ...context, bytes, durationMs: Date.now() - started }, 'claims exported');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE') log.info({ ...context, bytes }, 'claims export abandoned by the client');
    else log.error({ err, ...context }, 'claims export failed');
  }
}

/**
 * Registers `GET /export/<token>` (and `GET /review-export/<token>` when the claims store is given). Wildcard
 * routes, not `/export/:token`: restify refuses path parameters longer than 100 characters. Invalid or altered
 * token: 404; genuine but expired: 410 (ask the bot for a new link).
 */
export function registerExportRoutes(server: Server, deps: ExportDeps): void {
  const now = () => deps.clock.now();
  const pageSize = deps.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE;
  const { log } = deps;
  const date = () => now().toISOString().slice(0, 10);

  /** The subject a link's token names; otherwise answered (404 invalid, 410 expired with where to get a new one). */
  const subjectOf = (req: Request, res: Response, purpose: 'export' | 'reviewExport', newLink: string): string | undefined => {
    const token = pathParam(req, '*');
    const opened = deps.signer.open(purpose, token, now());
    if (!('error' in opened)) return opened.subject;
    if (opened.error === 'expired') sendText(res, 410, `This export link has expired. Ask the bot for a new one (${newLink}).\n`);
    else sendText(res, 404, 'This export link is not valid.\n');
    return undefined;
  };

  server.get(`${EXPORT_PATH}/*`, async (req: Request, res: Response) => {
    const partnerTenantId = subjectOf(req, res, 'export', '"export"');
    if (partnerTenantId === undefined) return;
    const context = { partnerTenantId, rows: 0 };
    const csv = exportClaimsCsv(deps.associations, partnerTenantId, { pageSize, onPage: (n) => (context.rows += n) });
    await sendCsv(res, csv, `cpor-associations-${date()}.csv`, context, log);
  });

  const { claims } = deps;
  if (!claims) return;
  server.get(`${REVIEW_EXPORT_PATH}/*`, async (req: Request, res: Response) => {
    const subject = subjectOf(req, res, 'reviewExport', "the review queue's Export button");
    if (subject === undefined) return;
    const filters = JSON.parse(subject) as QueueFilters;
    const context = { reviewExport: true, rows: 0 };
    const csv = reviewClaimsCsv(claims.reviewQueuePages(filters, pageSize), { onPage: (n) => (context.rows += n) });
    await sendCsv(res, csv, `cpor-review-queue-${date()}.csv`, context, log);
  });
}
