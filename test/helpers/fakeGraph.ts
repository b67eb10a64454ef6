// A local stand-in for Entra ID (the token authority MSAL talks to) and Microsoft Graph v1.0, for the operations
// services/graph.ts uses. HTTPS on loopback, because the Graph client sends the bearer token only over https:
// its certificate (test/fixtures/tls) is trusted through NODE_EXTRA_CA_CERTS, set by `npm test`.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { GraphConfig } from '../../services/graph';

const TLS_DIR = path.resolve(__dirname, '../../../test/fixtures/tls');
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface Recorded {
  method: string;
  /** Path and query as received (not decoded). */
  path: string;
  headers: IncomingHttpHeaders;
  /** Whether Authorization was `Bearer <the token this fake issued>`, another value, or absent. */
  bearer: 'issued' | 'other' | 'none';
  /** Parsed JSON or form body; undefined when empty. */
  body: unknown;
  /** Status the fake answered with. */
  status?: number;
}

export interface SentMail {
  /** The mailbox in the URL (`/users/{from}/sendMail`), decoded. */
  from: string;
  message: {
    subject: string;
    body: { contentType: string; content: string };
    toRecipients: { emailAddress: { address: string } }[];
    ccRecipients?: { emailAddress: { address: string } }[];
  };
  saveToSentItems?: boolean;
}

export interface FakeGraph {
  /** Graph root, e.g. https://127.0.0.1:PORT/v1.0 */
  baseUrl: string;
  /** Token authority, e.g. https://127.0.0.1:PORT */
  authorityHost: string;
  /** Credentials the fake authority accepts, with its URLs: ready for createGraphGateway. */
  config: GraphConfig & { clientSecret: string };
  /** The access token the authority issues (Graph accepts only this one). */
  token: string;
  /**
   * App Service's managed identity endpoint (what it sets as IDENTITY_ENDPOINT, with IDENTITY_HEADER): it issues
   * the same token, for Graph, to the user-assigned identity `config.clientId` asked with this header.
   */
  identity: { endpoint: string; header: string };
  requests: Recorded[];
  /** domain (any case) -> tenant id */
  domains: Map<string, string>;
  /** tenant id (lower case) -> display name (findTenantInformationByTenantId; otherwise a domain it owns) */
  tenantNames: Map<string, string>;
  /** user object id -> ids of the groups the user is (transitively) a member of */
  groups: Map<string, string[]>;
  sentMail: SentMail[];
  /** The next `times` (default 1) Graph calls answer `status` with a Graph error body, without doing anything. */
  failNext(status: number, opts?: { retryAfterSeconds?: number; times?: number }): void;
  /** Requests whose path contains `pathPart` are accepted and never answered, until `hang(undefined)`. */
  hang(pathPart: string | undefined): void;
  /** The hung requests, `closed` once the client gave up and closed the connection. */
  hung: { path: string; closed: boolean }[];
  close(): Promise<void>;
}

const ERROR_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Authorization_RequestDenied',
  404: 'Request_ResourceNotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** NODE_EXTRA_CA_CERTS is read once, at process start: without the test CA in it, every call fails on TLS. */
function assertTestCaTrusted(): void {
  const ca = fs.readFileSync(path.join(TLS_DIR, 'ca.pem'), 'utf8').trim();
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra || !fs.existsSync(extra) || !fs.readFileSync(extra, 'utf8').includes(ca)) {
    throw new Error(
      `The fake Graph speaks HTTPS with a test certificate: run the tests with NODE_EXTRA_CA_CERTS="$PWD/test/fixtures/tls/ca.pem" ` +
        `(as \`npm test\` does); it is ${extra ? `"${extra}"` : 'unset'}`,
    );
  }
}

export async function startFakeGraph(): Promise<FakeGraph> {
  assertTestCaTrusted();
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = `fake~secret.${randomBytes(12).toString('hex')}`;
  const token = `fake-graph-token-${randomBytes(16).toString('hex')}`;
  const identityHeader = randomBytes(16).toString('hex');
  const requests: Recorded[] = [];
  const domains = new Map<string, string>();
  const tenantNames = new Map<string, string>();
  const groups = new Map<string, string[]>();
  const sentMail: SentMail[] = [];
  let failure: { status: number; retryAfterSeconds?: number; remaining: number } | undefined;
  let origin = '';
  let hangOn: string | undefined;
  const hung: FakeGraph['hung'] = [];

  const send = (rec: Recorded, res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    rec.status = status;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers });
    res.end(text);
  };
  // Graph's error envelope (https://learn.microsoft.com/graph/errors).
  const graphError = (rec: Recorded, res: ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    send(
      rec,
      res,
      status,
      {
        error: {
          code: ERROR_CODES[status] ?? 'UnknownError',
          message,
          innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
        },
      },
      headers,
    );
  // Entra ID's OAuth error shape.
  const oauthError = (rec: Recorded, res: ServerResponse, status: number, error: string, aadsts: number, description: string) =>
    send(rec, res, status, {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [aadsts],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    });

  const authority = (rec: Recorded, res: ServerResponse, pathname: string): boolean => {
    const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(pathname);
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(pathname);
    const tenant = (config ?? tokenPath)?.[1];
    if (tenant === undefined) return false;
    if (tenant !== tenantId) {
      oauthError(rec, res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
      return true;
    }
    if (config && rec.method === 'GET') {
      const root = `${origin}/${tenantId}`;
      send(rec, res, 200, {
        token_endpoint: `${root}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${root}/v2.0`,
        authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${root}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
      });
      return true;
    }
    if (tokenPath && rec.method === 'POST') {
      const form = (rec.body ?? {}) as Record<string, string>;
      if (form.grant_type !== 'client_credentials') {
        oauthError(rec, res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      } else if (form.client_id !== clientId) {
        oauthError(rec, res, 400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found in the directory.`);
      } else if (form.client_secret !== clientSecret) {
        oauthError(rec, res, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      } else if (form.scope !== GRAPH_SCOPE) {
        oauthError(rec, res, 400, 'invalid_scope', 1002012, `The provided value for scope ${form.scope} is not valid.`);
      } else {
        send(rec, res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      }
      return true;
    }
    return false;
  };

  // App Service's token endpoint for managed identities (api-version 2019-08-01): a GET with the platform's header.
  const managedIdentity = (rec: Recorded, res: ServerResponse) => {
    const query = new URL(rec.path, origin).searchParams;
    if (rec.headers['x-identity-header'] !== identityHeader) return send(rec, res, 401, { error: 'invalid identity header' });
    if (query.get('client_id') !== clientId) return send(rec, res, 400, { error: 'invalid_request', error_description: 'Identity not found' });
    if (query.get('resource')?.replace(/\/$/, '') !== 'https://graph.microsoft.com') return send(rec, res, 400, { error: 'invalid_resource' });
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    send(rec, res, 200, { access_token: token, expires_on: String(expiresOn), resource: query.get('resource'), token_type: 'Bearer', client_id: clientId });
  };

  const graph = (rec: Recorded, res: ServerResponse, pathname: string) => {
    if (rec.bearer !== 'issued') {
      graphError(rec, res, 401, rec.bearer === 'none' ? 'Access token is empty.' : 'Access token validation failure. Invalid audience.');
      return;
    }
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      graphError(rec, res, failure.status, `Injected failure (HTTP ${failure.status}).`, headers);
      return;
    }
    let resource: string;
    try {
      resource = decodeURIComponent(pathname.slice('/v1.0'.length));
    } catch {
      return graphError(rec, res, 400, 'Malformed URL.');
    }

    const domainCall = /^\/tenantRelationships\/findTenantInformationByDomainName\((.*)\)$/.exec(resource);
    if (domainCall && rec.method === 'GET') {
      // An OData string literal: quotes inside are doubled; a lone quote is a syntax error, as on Graph.
      const literal = /^domainName='((?:[^']|'')*)'$/.exec(domainCall[1]);
      if (!literal) return graphError(rec, res, 400, `Syntax error at position ${domainCall[1].length} in '${domainCall[1]}'.`);
      const domain = literal[1].replace(/''/g, "'").toLowerCase();
      const found = [...domains].find(([d]) => d.toLowerCase() === domain);
      if (!found) return graphError(rec, res, 404, `Resource '${domain}' does not exist or one of its queried reference-property objects are not present.`);
      return send(rec, res, 200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.tenantInformation',
        tenantId: found[1],
        federationBrandName: null,
        displayName: found[0],
        defaultDomainName: found[0],
      });
    }

    const idCall = /^\/tenantRelationships\/findTenantInformationByTenantId\(tenantId='([^']*)'\)$/.exec(resource);
    if (idCall && rec.method === 'GET') {
      const found = [...domains].find(([, tenant]) => tenant.toLowerCase() === idCall[1].toLowerCase());
      const name = tenantNames.get(idCall[1].toLowerCase()) ?? found?.[0];
      if (!name) return graphError(rec, res, 404, `Resource '${idCall[1]}' does not exist or one of its queried reference-property objects are not present.`);
      return send(rec, res, 200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.tenantInformation',
        tenantId: idCall[1],
        displayName: name,
        defaultDomainName: found?.[0] ?? null,
      });
    }

    const userCall = /^\/users\/([^/]+)\/(checkMemberGroups|sendMail)$/.exec(resource);
    if (userCall && rec.method === 'POST') {
      const [, user, action] = userCall;
      const body = (rec.body ?? {}) as Record<string, unknown>;
      if (action === 'checkMemberGroups') {
        const ids = body.groupIds;
        if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) return graphError(rec, res, 400, "Invalid value for 'groupIds'.");
        if (ids.length > 20) return graphError(rec, res, 400, 'Too many group ids: the maximum is 20.');
        const memberOf = groups.get(user);
        if (!memberOf) return graphError(rec, res, 404, `Resource '${user}' does not exist or one of its queried reference-property objects are not present.`);
        return send(rec, res, 200, {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
          value: (ids as string[]).filter((id) => memberOf.includes(id)),
        });
      }
      const mail = body as unknown as SentMail;
      if (!mail.message?.toRecipients?.length) return graphError(rec, res, 400, 'At least one recipient is required, but none were found.');
      sentMail.push({ ...mail, from: user });
      return send(rec, res, 202);
    }

    graphError(rec, res, 400, `Resource not found for the segment '${resource.split('/')[1] ?? ''}'.`);
  };

  const server = https.createServer(
    { cert: fs.readFileSync(path.join(TLS_DIR, 'server.pem')), key: fs.readFileSync(path.join(TLS_DIR, 'server-key.pem')) },
    (req: IncomingMessage, res: ServerResponse) => {
      if (hangOn !== undefined && (req.url ?? '').includes(hangOn)) {
        const entry = { path: req.url ?? '', closed: false };
        hung.push(entry);
        res.on('close', () => (entry.closed = true));
        req.resume();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const type = req.headers['content-type'] ?? '';
        let body: unknown;
        try {
          if (raw && type.includes('json')) body = JSON.parse(raw);
          else if (raw && type.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
          else if (raw) body = raw;
        } catch {
          body = raw;
        }
        const auth = req.headers.authorization;
        const rec: Recorded = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          bearer: auth === undefined ? 'none' : auth === `Bearer ${token}` ? 'issued' : 'other',
          body,
        };
        requests.push(rec);
        const pathname = new URL(rec.path, origin).pathname;
        if (authority(rec, res, pathname)) return;
        if (pathname === '/msi/token') return managedIdentity(rec, res);
        if (pathname.startsWith('/v1.0/')) return graph(rec, res, pathname);
        send(rec, res, 404);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/v1.0`;

  return {
    baseUrl,
    authorityHost: origin,
    config: { tenantId, clientId, clientSecret, baseUrl, authorityHost: origin, timeoutMs: 10_000 },
    token,
    identity: { endpoint: `${origin}/msi/token`, header: identityHeader },
    requests,
    domains,
    tenantNames,
    groups,
    sentMail,
    hung,
    hang(pathPart) {
      hangOn = pathPart;
    },
    failNext(status, opts = {}) {
      failure = { status, retryAfterSeconds: opts.retryAfterSeconds, remaining: opts.times ?? 1 };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The bot's environment variables that point it at a fake Graph (app-only credentials, endpoint, authority). */
export function graphEnv(graph: FakeGraph): Record<string, string> {
  const { tenantId, clientId, clientSecret, baseUrl, authorityHost } = graph.config;
  return {
    GRAPH_TENANT_ID: tenantId,
    GRAPH_CLIENT_ID: clientId,
    GRAPH_CLIENT_SECRET: clientSecret,
    GRAPH_BASE_URL: baseUrl ?? '',
    GRAPH_AUTHORITY_HOST: authorityHost ?? '',
  };
}
