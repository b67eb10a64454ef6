// A span and a latency measure for every request the Cosmos DB client sends (each retry is one), wrapped around
// its HTTP client: the one seam every container operation, local or remote, goes through.
import { SpanKind, type Attributes } from '@opentelemetry/api';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import { instruments, secondsSince } from './metrics';
import { markFailed, withSpan } from './spans';

/** What a request does, from its method, path and Cosmos headers: "query", "read", "replace"… */
export function storeOperation(request: Pick<PipelineRequest, 'method' | 'url' | 'headers'>): { operation: string; container?: string; documentId?: string } {
  const segments = new URL(request.url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  // dbs/{db}/colls/{container}/docs/{id}, or shorter: the database, a container, its partition key ranges.
  const container = segments[2] === 'colls' ? segments[3] : undefined;
  const resource = segments.length % 2 === 0 ? segments.at(-2) : segments.at(-1);
  const documentId = segments[4] === 'docs' ? segments[5] : undefined;
  const header = (name: string) => request.headers.get(name)?.toLowerCase() === 'true';
  let operation: string;
  if (header('x-ms-cosmos-is-query-plan-request')) operation = 'query_plan';
  else if (header('x-ms-documentdb-isquery')) operation = 'query';
  else if (request.method === 'POST') operation = header('x-ms-documentdb-is-upsert') ? 'upsert' : 'create';
  else if (request.method === 'PUT') operation = 'replace';
  else if (request.method === 'PATCH') operation = 'patch';
  else if (request.method === 'DELETE') operation = 'delete';
  else operation = segments.length % 2 === 0 ? 'read' : 'read_all';
  if (resource && resource !== 'docs') operation = `${operation}_${resource}`;
  return { operation, container, documentId };
}

/** Answers the store uses to say "no" in its normal course (missing, exists, changed meanwhile): not failures. */
const EXPECTED = new Set([304, 404, 409, 412]);

export function tracedStoreClient(inner: HttpClient): HttpClient {
  return {
    sendRequest(request) {
      const { operation, container, documentId } = storeOperation(request);
      const measured: Attributes = { 'db.system.name': 'azure.cosmosdb', 'db.operation.name': operation };
      if (container) measured['db.collection.name'] = container;
      // A claim's document id is its claim id; other containers' ids name conversations and users: not kept.
      const claimId = container === 'associations' && documentId?.startsWith('CPOR-') ? documentId : undefined;
      const attributes = claimId ? { ...measured, 'cpor.claim.id': claimId } : measured;
      const started = process.hrtime.bigint();
      return withSpan(`${operation} ${container ?? 'account'}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        let status = 'none';
        try {
          const response = await inner.sendRequest(request);
          status = String(response.status);
          span.setAttribute('db.response.status_code', status);
          if (response.status >= 400 && !EXPECTED.has(response.status)) markFailed(span, { statusCode: response.status });
          return response;
        } finally {
          instruments().storeDuration.record(secondsSince(started), { ...measured, 'db.response.status_code': status });
        }
      });
    },
  };
}
