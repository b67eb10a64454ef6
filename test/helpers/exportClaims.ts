// The 5,000 claims of the CSV export's tests and benchmark (bench/exportHeap.ts): deterministic from their index,
// so a row can be checked against its claim without keeping 5,000; and a container that reports every page the
// export fetches.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Container, FeedResponse, QueryIterator, SqlQuerySpec, FeedOptions } from '@azure/cosmos';
import type { Claim, ClaimStatus, HistoryEntry } from '../../services/domain/claim';
import { TENANT } from './activities';

export const OTHER_TENANT = 'c0ffee00-1111-4222-8333-444455556666';
export const CLAIMS = 5000;
export const OTHER_CLAIMS = 5;
export const PAGE_SIZE = 100;
export const BASE_TIME = Date.parse('2026-10-01T12:00:00.000Z');
const STATUSES: ClaimStatus[] = ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved', 'Official', 'Rejected'];

export const idOf = (i: number) => `CPOR-EXP${String(i).padStart(6, '0')}`;
export const indexOf = (id: string) => Number(/^CPOR-EXP(\d{6})$/.exec(id)?.[1] ?? NaN);

/** Names and texts that must survive: formulas, commas, quotes, CR/LF, accents. */
const SPECIAL: Record<number, Partial<Claim>> = {
  7: { name: '=HYPERLINK("http://evil")' },
  8: { name: 'Acme, Inc. "West"\r\nsecond line', comments: 'first line\nsecond line, with "quotes"' },
  9: { name: '-1+2', comments: '\tTabbed', partnerContact: { name: '@admin', email: 'admin@partner.example' } },
  10: { name: 'Società Açaí Ünïcödé – 日本 😀', customerContact: { name: 'Zoë Çelik', title: 'Direttore È', email: 'zoe@società.example' } },
  11: { name: '+39 02 1234', comments: '@SUM(A1:A9)' },
};

export function makeClaim(i: number, partnerTenantId = TENANT, marker = ''): Claim {
  // Three claims share each instant, so ties in the ORDER BY straddle page boundaries.
  const createdAt = new Date(BASE_TIME - Math.floor(i / 3) * 1000).toISOString();
  const updatedAt = new Date(BASE_TIME + i * 1000).toISOString();
  const status = STATUSES[i % STATUSES.length];
  const alice = { id: '29:alice', name: `Alice Rossi${marker}` };
  const rita = { id: '29:rita', name: 'Rita Reviewer' };
  const history: HistoryEntry[] = [{ at: createdAt, by: alice, action: 'created', to: 'Draft' }];
  if (status !== 'Draft') history.push({ at: createdAt, by: alice, action: 'submit', from: 'Draft', to: 'Submitted' });
  if (status === 'PartnerActionRequired')
    history.push({ at: updatedAt, by: rita, action: 'requestInfo', from: 'UnderReview', to: status, reason: 'Missing Products', comment: 'which one?' });
  if (status === 'Rejected')
    history.push({ at: updatedAt, by: rita, action: 'reject', from: 'UnderReview', to: status, reason: 'Insufficient proof of execution' });
  const m365 = i % 2 === 0;
  const claim: Claim = {
    id: idOf(i),
    type: 'claim',
    partnerTenantId,
    name: `Claim ${i}${marker}`,
    status,
    program: m365 ? 'OSU Microsoft 365' : 'OSU Business Applications',
    solutionArea: m365 ? 'microsoft365' : 'businessApplications',
    activity: 'usage',
    partnerId: String(1_000_000 + (i % 97)),
    customerDomain: `customer${i}.example`,
    customerTenantId: `8a8e3d2c-0f3b-4e4a-9b65-${String(i).padStart(12, '0')}`,
    workloads: m365 ? ['Exchange Online', `Workload ${i}`] : undefined,
    product: m365 ? undefined : 'Dynamics 365 Sales',
    subscriptionId: m365 ? undefined : `0f0e0d0c-0b0a-4909-8807-${String(i).padStart(12, '0')}`,
    customerContact: { name: `Customer ${i}`, title: 'CIO', email: `cio@customer${i}.example` },
    technicalContact: m365 ? undefined : { name: `Tech ${i}`, email: `tech@customer${i}.example` },
    partnerContact: { name: 'Paolo Partner', email: 'paolo@partner.example' },
    poe:
      status === 'Draft'
        ? undefined
        : { fileId: `f-${i}`, fileName: `sow-${i}.pdf`, contentType: 'application/pdf', size: 1000, uploadedAt: createdAt, uploadedBy: alice.id },
    competing: i % 5 === 0,
    createdBy: alice,
    locale: 'en-US',
    createdAt,
    updatedAt,
    version: history.length,
    history,
    reviewer: ['UnderReview', 'PartnerActionRequired', 'Approved', 'Official', 'Rejected'].includes(status) ? rita : undefined,
    partnerActionDeadline: status === 'PartnerActionRequired' ? new Date(BASE_TIME + 7 * 86400_000).toISOString() : undefined,
    optOutDeadline: status === 'Approved' || status === 'Official' ? new Date(BASE_TIME + 9 * 86400_000).toISOString() : undefined,
    comments: i % 4 === 0 ? `Comment ${i}` : undefined,
    notices: [],
    reviewCards: [],
    ...(partnerTenantId === TENANT ? SPECIAL[i] : {}),
  };
  // Cosmos drops undefined properties; so does the stored document here.
  return JSON.parse(JSON.stringify(claim)) as Claim;
}

export async function createAll(container: Container, docs: () => Iterable<Record<string, unknown>>, concurrency = 50): Promise<void> {
  let batch: Promise<unknown>[] = [];
  for (const doc of docs()) {
    batch.push(container.items.create(doc));
    if (batch.length === concurrency) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
}

// ---------------------------------------------------------------------------------------------------------------
// Watching the real container: every page the export fetches, and every document it was given (weakly).

export interface Watch {
  pages: number;
  documents: number;
  largestPage: number;
  lastPageAt: number;
  alive: WeakRef<object>[];
  /** Fetching this page (1-based) fails, as a store that goes away would. */
  failOnPage?: number;
}

export const newWatch = (): Watch => ({ pages: 0, documents: 0, largestPage: 0, lastPageAt: 0, alive: [] });

/** The same container, whose queries report each page they return to `watch`. */
export function watched(container: Container, watch: () => Watch): Container {
  const query = <T>(spec: SqlQuerySpec, options?: FeedOptions): QueryIterator<T> => {
    const iterator = container.items.query<T>(spec, options);
    return Object.create(iterator, {
      fetchNext: {
        value: async (): Promise<FeedResponse<T>> => {
          const w = watch();
          if (w.failOnPage === w.pages + 1) throw Object.assign(new Error('store unavailable (test)'), { code: 503 });
          const response = await iterator.fetchNext();
          w.pages++;
          w.documents += response.resources.length;
          w.largestPage = Math.max(w.largestPage, response.resources.length);
          w.lastPageAt = performance.now();
          for (const doc of response.resources) w.alive.push(new WeakRef(doc as object));
          return response;
        },
      },
    }) as QueryIterator<T>;
  };
  const items = Object.create(container.items, { query: { value: query } });
  return Object.create(container, { items: { value: items } }) as Container;
}

/** `gc()` without --expose-gc on the command line. */
export function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** The heap in use (cheaper than process.memoryUsage(), which also reads the RSS). */
export const heapUsed = () => getHeapStatistics().used_heap_size;
