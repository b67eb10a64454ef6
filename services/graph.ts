// Microsoft Graph, app-only: tenant lookup by domain, a tenant's name by id, group membership checks, and mail. The
// Graph client's default middleware already retries 429/503/504 honouring Retry-After, so nothing here retries. Every
// operation, token and retries included, ends within `timeoutMs` (OUTBOUND_TIMEOUT_MS): a Graph or authority that never
// answers fails the call, with its request aborted, instead of holding the dialog or the notice delivery forever.
import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential, type TokenCredentialOptions } from '@azure/identity';
import { Client, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { isTimeout, withDeadline } from './deadline';
import { tracedMethods } from './observability/spans';

export interface MailMessage {
  subject: string;
  html: string;
  text?: string;
  to: string[];
  cc?: string[];
}

export interface GraphGateway {
  /** Tenant id of the Entra tenant that owns the domain, undefined when Graph says no tenant owns it (404). */
  findTenantIdByDomain(domain: string): Promise<string | undefined>;
  /** Display name of an Entra tenant (a partner organisation), undefined when Graph knows no such tenant (404). */
  findTenantNameById(tenantId: string): Promise<string | undefined>;
  /** The subset of groupIds the user (Entra object id) is a member of (transitively). */
  checkMemberGroups(userObjectId: string, groupIds: string[]): Promise<string[]>;
  /** Sends an e-mail as `from` (a mailbox) — POST /users/{from}/sendMail. */
  sendMail(from: string, message: MailMessage): Promise<void>;
}

/** A failed Graph call. `status` is the HTTP status, or undefined when no response came (network, token). */
export class GraphRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GraphRequestError';
  }
}

const SCOPE = 'https://graph.microsoft.com/.default';
/** Graph rejects checkMemberGroups with more than 20 group ids. */
const MEMBER_GROUPS_BATCH = 20;
// A 504 may come after the mail was sent: retrying it could send the customer the same e-mail twice. 429 and 503
// mean the request was not processed, so those are still retried (defaults: 3 s delay, 3 retries).
const MAIL_RETRY = new RetryHandlerOptions(undefined, undefined, (_delay, _attempt, _req, _opts, res) => res.status !== 504);

interface GraphErrorLike {
  statusCode?: number;
  code?: string | null;
  message?: string;
}

/** Graph's application credentials and endpoints (read from the environment by services/config.ts). */
export interface GraphConfig {
  tenantId: string;
  /** The app registration's client id, or the user-assigned managed identity's when there is no secret. */
  clientId: string;
  /** Absent: Graph tokens come from the managed identity `clientId` (GRAPH_CREDENTIAL=managedIdentity). */
  clientSecret?: string;
  baseUrl: string;
  authorityHost?: string;
  mailSender?: string;
  /** Longest wait for one Graph call, token included (OUTBOUND_TIMEOUT_MS). */
  timeoutMs: number;
}

/**
 * The credential Graph's tokens come from: the app registration's client secret, or (no secret) the managed
 * identity whose client id is `clientId` (App Service / Container Apps give it to the process).
 */
function graphCredential(config: GraphConfig): TokenCredential {
  const options: TokenCredentialOptions = {
    authorityHost: config.authorityHost,
    // Its HTTP requests (token, discovery) get the timeout; the credential ignores an abort signal.
    additionalPolicies: [
      {
        position: 'perCall',
        policy: { name: 'cpor-timeout', sendRequest: (request, next) => next(Object.assign(request, { timeout: config.timeoutMs })) },
      },
    ],
  };
  if (config.clientSecret === undefined) return new ManagedIdentityCredential({ ...options, clientId: config.clientId });
  return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, {
    ...options,
    // Instance discovery asks login.microsoftonline.com to vouch for the authority; an explicitly configured
    // authority (sovereign/private cloud, or the tests' local fake) is trusted as given and must work offline.
    disableInstanceDiscovery: config.authorityHost !== undefined,
  });
}

export function createGraphGateway(config: GraphConfig): GraphGateway {
  const credential = graphCredential(config);
  const base = new URL(config.baseUrl);
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [SCOPE] }),
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, ''),
    // The client attaches the bearer token only to https URLs of known Graph hosts; a configured host is one.
    customHosts: new Set([base.hostname]),
  });

  /** Runs one operation within the deadline; the signal aborts its HTTP request (fetch) when the time is up. */
  const timed = <T>(operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> => withDeadline(config.timeoutMs, `Graph ${operation}`, call);

  const fail = (operation: string, err: unknown): GraphRequestError => {
    if (isTimeout(err)) return new GraphRequestError(operation, undefined, 'Timeout', `Graph ${operation} failed: no answer within ${config.timeoutMs} ms`);
    const e = (err ?? {}) as GraphErrorLike;
    const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
    const code = e.code ?? undefined;
    const detail = [status && `HTTP ${status}`, code, e.message].filter(Boolean).join(' ');
    // The credential's errors quote the authority's answers; never let the secret through, whatever they say.
    const message = `Graph ${operation} failed: ${detail}`;
    const safe = config.clientSecret ? message.split(config.clientSecret).join('***') : message;
    return new GraphRequestError(operation, status, code, safe);
  };

  // One client span per operation (its arguments, domains and user ids, are not recorded).
  return tracedMethods<GraphGateway>('graph', {
    async findTenantIdByDomain(domain) {
      // An OData string literal: single quotes are doubled, then the whole is URL-encoded.
      const literal = encodeURIComponent(domain.replace(/'/g, "''"));
      try {
        const info = (await timed('findTenantInformationByDomainName', (signal) =>
          client.api(`/tenantRelationships/findTenantInformationByDomainName(domainName='${literal}')`).option('signal', signal).get(),
        )) as { tenantId?: string };
        return info.tenantId ?? undefined;
      } catch (err) {
        if ((err as GraphErrorLike).statusCode === 404) return undefined;
        throw fail('findTenantInformationByDomainName', err);
      }
    },

    async findTenantNameById(tenantId) {
      const literal = encodeURIComponent(tenantId.replace(/'/g, "''"));
      try {
        const info = (await client.api(`/tenantRelationships/findTenantInformationByTenantId(tenantId='${literal}')`).get()) as {
          displayName?: string;
        };
        return info.displayName || undefined;
      } catch (err) {
        if ((err as GraphErrorLike).statusCode === 404) return undefined;
        throw fail('findTenantInformationByTenantId', err);
      }
    },

    async checkMemberGroups(userObjectId, groupIds) {
      const member: string[] = [];
      for (let i = 0; i < groupIds.length; i += MEMBER_GROUPS_BATCH) {
        try {
          const res = (await timed('checkMemberGroups', (signal) =>
            client
              .api(`/users/${encodeURIComponent(userObjectId)}/checkMemberGroups`)
              .option('signal', signal)
              .post({ groupIds: groupIds.slice(i, i + MEMBER_GROUPS_BATCH) }),
          )) as { value: string[] };
          member.push(...res.value);
        } catch (err) {
          throw fail('checkMemberGroups', err);
        }
      }
      return member;
    },

    async sendMail(from, message) {
      const recipients = (addresses: string[] = []) => addresses.map((address) => ({ emailAddress: { address } }));
      try {
        await timed('sendMail', (signal) =>
          client
            .api(`/users/${encodeURIComponent(from)}/sendMail`)
            .middlewareOptions([MAIL_RETRY])
            .option('signal', signal)
            .post({
              // Graph's JSON message has a single body, so `text` is not sent (a text/plain alternative needs MIME).
              message: {
                subject: message.subject,
                body: { contentType: 'HTML', content: message.html },
                toRecipients: recipients(message.to),
                ccRecipients: recipients(message.cc),
              },
              saveToSentItems: true,
            }),
        );
      } catch (err) {
        throw fail('sendMail', err);
      }
    },
  });
}
