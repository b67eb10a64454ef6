// The partner's CSV export of their organisation's claims (customer associations): one row per claim, every field,
// RFC 4180 with CRLF line endings and a UTF-8 BOM (so Excel opens accents correctly), made safe against
// spreadsheet formula injection, and produced page by page from Cosmos: the export never holds more than one page
// of claims, whatever the organisation's size.
import type { Container, SqlQuerySpec } from '@azure/cosmos';
import { proofsOf, type Claim } from './domain/claim';
import { slotResults } from './domain/competition';
import { FIELDS, type FieldSpec } from './domain/fields';

/** Byte order mark: Excel reads a CSV without one in the system's ANSI code page and garbles accents. */
export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

/** Claims per Cosmos page (and per chunk written to the client). */
export const DEFAULT_EXPORT_PAGE_SIZE = 100;
const MAX_EXPORT_PAGE_SIZE = 1000;

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"): such a field gets a leading
 * apostrophe, which Excel and LibreOffice show as text and do not evaluate.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
/** A field containing any of these is quoted (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/** The text of one value before escaping: dates and numbers as plain text, arrays joined with "; ". */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(textOf).join('; ');
  // Numbers and booleans as JavaScript writes them; nothing else is in a stored document.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '';
}

/** A number the program produced (not text that looks like one): `-5` there is a minus sign, not a formula. */
const isPlainNumber = (value: unknown): boolean => (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';

/**
 * One CSV field: RFC 4180 quoting (a field with a comma, a double quote, CR or LF is quoted and its quotes
 * doubled) after the formula guard (a field starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`).
 * undefined and null are empty; arrays are joined with "; "; dates are ISO 8601.
 */
export function csvField(value: unknown): string {
  let text = textOf(value);
  if (text.length > 0 && !isPlainNumber(value) && FORMULA_START.has(text[0])) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvColumn {
  header: string;
  value(claim: Claim): unknown;
}

/** The reason of the most recent history entry that has one (a rejection or "partner action required"). */
const lastReason = (claim: Claim): string | undefined => {
  for (let i = (claim.history?.length ?? 0) - 1; i >= 0; i--) {
    if (claim.history[i].reason) return claim.history[i].reason;
  }
  return undefined;
};

/**
 * Each workload / subscription with its own result: what became of it apart from the claim (held, lost,
 * superseded), else the claim's status ("Microsoft Teams: held; Intune: Approved").
 */
const workloadResults = (claim: Claim): string[] =>
  claim.solutionArea && claim.activity ? slotResults(claim).map(({ label, result }) => `${label}: ${result ?? claim.status}`) : [];

/**
 * The claim's own fields (services/domain/fields.ts), in schema order: one column a value, a contact one per part.
 * `at`: the fields exported beside the claim id (head) or after the review columns (tail).
 */
function fieldColumns(at: 'head' | 'body' | 'tail'): CsvColumn[] {
  return (FIELDS as readonly FieldSpec[]).flatMap((field): CsvColumn[] => {
    if (field.csv) return (field.csv.at ?? 'body') === at ? [{ header: field.csv.header, value: (c) => c[field.key] }] : [];
    if (at !== 'body') return [];
    return field.inputs.flatMap((input) =>
      input.csv && input.part ? [{ header: input.csv, value: (c: Claim) => c[field.key as 'customerContact']?.[input.part!] }] : [],
    );
  });
}

/** Every field of a claim, in this order. The values are the stored ones (status and area codes as stored). */
export const CSV_COLUMNS: readonly CsvColumn[] = [
  { header: 'Claim ID', value: (c) => c.id },
  ...fieldColumns('head'),
  { header: 'Status', value: (c) => c.status },
  { header: 'Program', value: (c) => c.program },
  ...fieldColumns('body'),
  // Every proof, oldest first: a new one is added beside the earlier ones.
  {
    header: 'PoE file name',
    value: (c) =>
      proofsOf(c)
        .map((p) => p.fileName)
        .join('; '),
  },
  { header: 'Competing', value: (c) => (c.competing ? 'yes' : 'no') },
  { header: 'Workload results', value: (c) => workloadResults(c) },
  { header: 'Created at', value: (c) => c.createdAt },
  { header: 'Created by', value: (c) => c.createdBy?.name },
  { header: 'Updated at', value: (c) => c.updatedAt },
  { header: 'Opt-out deadline', value: (c) => c.optOutDeadline },
  { header: 'Partner action deadline', value: (c) => c.partnerActionDeadline },
  { header: 'Reviewer', value: (c) => c.reviewer?.name },
  ...fieldColumns('tail'),
  { header: 'Last reason', value: (c) => lastReason(c) },
  { header: 'History count', value: (c) => c.history?.length ?? 0 },
];

/** The header line, with the BOM (the first thing of the file) and the CRLF. */
export const csvHeader = (): string => CSV_BOM + CSV_COLUMNS.map((c) => csvField(c.header)).join(',') + CSV_EOL;

/** One claim's line, CRLF included. */
export const csvRow = (claim: Claim): string => CSV_COLUMNS.map((c) => csvField(c.value(claim))).join(',') + CSV_EOL;

export interface ExportOptions {
  /** Claims per Cosmos page, 1–1000 (default 100). */
  pageSize?: number;
  /** Told the number of claims of each page written (for the log line). */
  onPage?(claims: number): void;
}

/** The organisation's claims, newest first. The filter repeats the partition key: isolation never rests on the option alone. */
export const exportQuery = (partnerTenantId: string): SqlQuerySpec => ({
  query: "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @partner ORDER BY c.createdAt DESC",
  parameters: [{ name: '@partner', value: partnerTenantId }],
});

/**
 * The CSV of one partner organisation's claims, as chunks: the header line (BOM first), then one chunk per page of
 * claims fetched from `container` (the associations container) with continuation tokens. Nothing is queried until
 * the second chunk is asked for, and the next page only when the one after is: a consumer that writes each chunk
 * with backpressure keeps at most one page of claims in memory.
 */
export async function* exportClaimsCsv(container: Container, partnerTenantId: string, opts: ExportOptions = {}): AsyncGenerator<string> {
  const pageSize = opts.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_EXPORT_PAGE_SIZE) {
    throw new RangeError(`exportClaimsCsv: pageSize must be an integer from 1 to ${MAX_EXPORT_PAGE_SIZE}`);
  }
  if (!partnerTenantId) throw new RangeError('exportClaimsCsv: partnerTenantId is required');
  yield csvHeader();
  const iterator = container.items.query<Claim>(exportQuery(partnerTenantId), { partitionKey: partnerTenantId, maxItemCount: pageSize });
  while (iterator.hasMoreResults()) {
    const { resources } = await iterator.fetchNext();
    let chunk = '';
    let rows = 0;
    for (const claim of resources) {
      // Tenant isolation does not rest on the query alone: another organisation's document is never written.
      if (claim.type !== 'claim' || claim.partnerTenantId !== partnerTenantId) continue;
      chunk += csvRow(claim);
      rows++;
    }
    if (rows === 0) continue;
    opts.onPage?.(rows);
    yield chunk;
  }
}

/** The reviewers' export: every organisation, so each row names its organisation first. */
export const REVIEW_CSV_COLUMNS: readonly CsvColumn[] = [
  { header: 'Partner tenant ID', value: (c) => c.partnerTenantId },
  { header: 'Partner organisation', value: (c) => c.partnerName },
  ...CSV_COLUMNS,
];

/**
 * A CSV of the claims `pages` yields (the reviewers' queue export), as chunks: the header line, then one chunk per
 * page, asked for only when the previous chunk was taken, so at most one page is in memory.
 */
export async function* reviewClaimsCsv(pages: AsyncIterable<Claim[]>, opts: Pick<ExportOptions, 'onPage'> = {}): AsyncGenerator<string> {
  yield CSV_BOM + REVIEW_CSV_COLUMNS.map((c) => csvField(c.header)).join(',') + CSV_EOL;
  for await (const claims of pages) {
    if (claims.length === 0) continue;
    opts.onPage?.(claims.length);
    yield claims.map((claim) => REVIEW_CSV_COLUMNS.map((c) => csvField(c.value(claim))).join(',') + CSV_EOL).join('');
  }
}
