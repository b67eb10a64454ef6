// Every environment variable the bot reads is read here, once, at start. Nothing else touches process.env,
// so `.env.example` and docs/configuration.md can list them all and a bad value is reported before anything starts.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CATALOGUE, type Catalogue } from './domain/claim';
import { parseRoleMapping, type RoleGroups, type RoleMapping } from './roles';
import { holidayCalendar } from './businessDays';
import type { GraphConfig } from './graph';
import type { LogLevel } from './logger';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  appType: AppType;
  tenantId?: string;
  /** OpenID metadata that vouches for the Bot Framework's tokens; absent: the public cloud's. */
  openIdMetadataUrl?: string;
}

export interface CosmosConfig {
  /** Absent: the embedded local Cosmos server is started. */
  endpoint?: string;
  /** Absent with an endpoint: Entra ID (managed identity / DefaultAzureCredential) is used. */
  key?: string;
  database: string;
  /** Port of the embedded server; 0 picks a free one. */
  localPort: number;
  /** LOCAL_STORE_RECOVER=true (or `--recover`): start from the last good line of a damaged local journal. */
  recoverJournal?: boolean;
}

export interface RolesConfig {
  /** Entra ID group per role (production). */
  groups?: RoleGroups;
  /** ROLES_FILE content (local). Neither groups nor mapping: demo mode. */
  mapping?: RoleMapping;
  mappingFile?: string;
  /** DEMO_MODE=true: no role source on purpose, every user has every role (required to run so with an app id). */
  demo: boolean;
}

/** Where traces and metrics go (services/telemetry.ts); neither set: nowhere, and no SDK is loaded. */
export interface TelemetryConfig {
  /** Azure Monitor (Application Insights). */
  azureMonitorConnectionString?: string;
  /** An OTLP receiver; the OpenTelemetry SDK reads the other OTEL_* variables (protocol, headers, intervals) itself. */
  otlpEndpoint?: string;
}

export interface Config {
  port: number;
  /** Where `npm run playground` listens (PLAYGROUND_PORT, read by it from the same .env): named in the start banner. */
  playgroundPort: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
  bot: BotCredentials;
  cosmos: CosmosConfig;
  /** Absent: Graph is not configured (local default). */
  graph?: GraphConfig;
  roles: RolesConfig;
  catalogue: Catalogue;
  /** Largest proof-of-execution file accepted, in bytes. */
  maxPoeBytes: number;
  /** Where people reach this server (links in cards and e-mails); absent: the address it listens on. */
  publicBaseUrl?: string;
  /** HMAC secret for signed links; absent: generated once into DATA_DIR (one instance only). */
  linkSecret?: string;
  /** The secret LINK_SECRET replaced: links it signed still open while they live (a rotation in progress). */
  linkSecretPrevious?: string;
  /** An invoke is answered by then, even if the work goes on (Teams gives up after about 15 s). */
  invokeDeadlineMs: number;
  /** Where a first proactive message goes when the partner's chat is unknown (Bot Connector for Teams). */
  defaultServiceUrl: string;
  /**
   * Longest wait for one outbound call (Bot Connector, Graph, token endpoints), and for one notice's send attempt:
   * a peer that never answers costs this much, then the call fails and the notice stays pending.
   */
  outboundTimeoutMs: number;
  /** How often pending notices are swept and timers checked. */
  schedulerIntervalSeconds: number;
  /** Business days the customer has to opt out (0: the deadline is the approval instant, for demos and tests). */
  optOutBusinessDays: number;
  /** Seconds an approval or a withdrawal may be undone before it takes effect outside the bot (0: no Undo). */
  undoSeconds: number;
  /** Business days a partner has to answer a reviewer's request for information. */
  partnerResponseBusinessDays: number;
  /** Days after a rejection in which the partner may dispute it (once). */
  disputeDays: number;
  /** Business days a claim may wait for a reviewer before it is flagged overdue. */
  reviewBusinessDays: number;
  /** "HH:MM" in the business time zone: when the reviewers' daily digest is posted, on business days. */
  digestTime: string;
  /** Business days are counted, and deadlines shown, in this time zone, skipping this country's public holidays. */
  businessCalendar: { timeZone: string; country?: string };
  /** Local default: customer e-mails are written here as .eml files. */
  mailOutboxDir: string;
  /** Behind a trusted front end: per-client limits use its X-Forwarded-For entry, not the socket address. */
  trustProxy: boolean;
  /** Proof-of-execution files no claim refers to are deleted once this old (an open dialog may still submit them). */
  orphanFileHours: number;
  /** /readyz answers 503 while the oldest pending notice is older than this (0: the outbox is not checked). */
  readyOutboxMaxAgeMinutes: number;
  /** On SIGTERM, how long turns and deliveries in flight may take to finish before the bot exits anyway. */
  shutdownGraceSeconds: number;
  telemetry: TelemetryConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const APP_TYPES: readonly AppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const GRAPH_REQUIRED = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!match) problems.push(`${name}="${raw}" must be one of ${allowed.join(', ')}`);
    return match ?? fallback;
  };
  const url = (name: string, opts: { allowHttpLoopback: boolean }): string | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      problems.push(`${name}="${raw}" is not a URL`);
      return undefined;
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
    if (parsed.protocol !== 'https:' && !(opts.allowHttpLoopback && loopback && parsed.protocol === 'http:')) {
      problems.push(`${name}="${raw}" must be an https:// URL${opts.allowHttpLoopback ? ' (http:// only on localhost)' : ''}`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  };
  const guid = (name: string): string | undefined => {
    const raw = get(name);
    if (raw !== undefined && !GUID.test(raw)) problems.push(`${name} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
    return raw;
  };

  const bot: BotCredentials = {
    appId: guid('MicrosoftAppId'),
    appPassword: get('MicrosoftAppPassword'),
    appType: oneOf('MicrosoftAppType', APP_TYPES, 'MultiTenant'),
    tenantId: guid('MicrosoftAppTenantId'),
    openIdMetadataUrl: url('BOT_OPENID_METADATA_URL', { allowHttpLoopback: true }),
  };
  if (bot.appId) {
    if (bot.appType !== 'UserAssignedMSI' && !bot.appPassword) {
      problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI)');
    }
    if (bot.appType !== 'MultiTenant' && !bot.tenantId) {
      problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType=${bot.appType}`);
    }
  } else if (bot.appPassword) {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is not');
  }

  const cosmos: CosmosConfig = {
    endpoint: url('COSMOS_ENDPOINT', { allowHttpLoopback: true }),
    key: get('COSMOS_KEY'),
    database: get('COSMOS_DATABASE') ?? 'cpor',
    localPort: int('LOCAL_COSMOS_PORT', 0, 0, 65535),
    recoverJournal: oneOf('LOCAL_STORE_RECOVER', ['true', 'false'] as const, 'false') === 'true',
  };
  if (cosmos.key && !get('COSMOS_ENDPOINT')) problems.push('COSMOS_KEY is set but COSMOS_ENDPOINT is not');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(cosmos.database)) {
    problems.push(`COSMOS_DATABASE="${cosmos.database}" may hold only letters, digits, "-" and "_"`);
  }

  const outboundTimeoutMs = int('OUTBOUND_TIMEOUT_MS', 10_000, 100, 30_000);
  let graph: GraphConfig | undefined;
  // managedIdentity: GRAPH_CLIENT_ID is the user-assigned identity's client id and there is no secret to keep.
  const graphCredential = oneOf('GRAPH_CREDENTIAL', ['clientSecret', 'managedIdentity'] as const, 'clientSecret');
  const graphRequired = graphCredential === 'managedIdentity' ? GRAPH_REQUIRED.filter((name) => name !== 'GRAPH_CLIENT_SECRET') : GRAPH_REQUIRED;
  const graphSet = graphRequired.filter((name) => get(name) !== undefined);
  if (graphCredential === 'managedIdentity' && get('GRAPH_CLIENT_SECRET') !== undefined) {
    problems.push('GRAPH_CLIENT_SECRET is set but GRAPH_CREDENTIAL=managedIdentity uses no secret: unset one of them');
  }
  if (graphSet.length > 0 && graphSet.length < graphRequired.length) {
    const missing = graphRequired.filter((name) => get(name) === undefined);
    problems.push(`Graph is partly configured: also set ${missing.join(', ')} (or unset ${graphSet.join(', ')})`);
  } else if (graphCredential === 'managedIdentity' && graphSet.length === 0) {
    problems.push(`GRAPH_CREDENTIAL=managedIdentity needs ${graphRequired.join(' and ')}`);
  } else if (graphSet.length === graphRequired.length) {
    graph = {
      tenantId: guid('GRAPH_TENANT_ID') ?? '',
      clientId: guid('GRAPH_CLIENT_ID') ?? '',
      clientSecret: graphCredential === 'clientSecret' ? (get('GRAPH_CLIENT_SECRET') ?? '') : undefined,
      baseUrl: url('GRAPH_BASE_URL', { allowHttpLoopback: false }) ?? 'https://graph.microsoft.com/v1.0',
      authorityHost: url('GRAPH_AUTHORITY_HOST', { allowHttpLoopback: false }),
      mailSender: get('MAIL_SENDER'),
      timeoutMs: outboundTimeoutMs,
    };
  }

  const roles: RolesConfig = { demo: oneOf('DEMO_MODE', ['true', 'false'] as const, 'false') === 'true' };
  const groups: RoleGroups = {
    incentivesAdmin: guid('ROLE_GROUP_INCENTIVES_ADMIN'),
    incentivesUser: guid('ROLE_GROUP_INCENTIVES_USER'),
    reviewer: guid('ROLE_GROUP_REVIEWER'),
  };
  if (Object.values(groups).some(Boolean)) {
    roles.groups = groups;
    if (graphSet.length === 0)
      problems.push('ROLE_GROUP_* need Graph: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (or GRAPH_CREDENTIAL=managedIdentity)');
  }
  const rolesFile = get('ROLES_FILE');
  if (rolesFile && roles.groups) {
    problems.push('ROLES_FILE and ROLE_GROUP_* are both set: use one role source');
  } else if (rolesFile) {
    roles.mappingFile = path.resolve(cwd, rolesFile);
    let content: string | undefined;
    try {
      content = fs.readFileSync(roles.mappingFile, 'utf8');
    } catch {
      problems.push(`ROLES_FILE="${rolesFile}" cannot be read`);
    }
    if (content !== undefined) {
      const parsed = parseRoleMapping(content);
      problems.push(...parsed.problems.map((p) => `ROLES_FILE="${rolesFile}" ${p}`));
      roles.mapping = parsed.mapping;
    }
  }

  // Without a role source every user has every role. Fine on a laptop; with an app id the bot is reachable from
  // real tenants, where that would make any Teams user a reviewer: it must be asked for, by name.
  const roleSource = roles.groups !== undefined || rolesFile !== undefined;
  if (roles.demo && roleSource) problems.push('DEMO_MODE=true and a role source (ROLES_FILE or ROLE_GROUP_*) are both set: use one');
  if (bot.appId && !roleSource && !roles.demo) {
    problems.push(
      'MicrosoftAppId is set but no role source is: set ROLE_GROUP_* (or ROLES_FILE), or DEMO_MODE=true to let every user of every tenant act as partner and reviewer',
    );
  }

  const list = (name: string, fallback: readonly string[]): readonly string[] => {
    const items = (get(name) ?? '')
      .split(/[,;]/)
      .map((x) => x.trim())
      .filter(Boolean);
    return items.length > 0 ? [...new Set(items)] : fallback;
  };
  const catalogue: Catalogue = {
    workloads: list('M365_WORKLOADS', DEFAULT_CATALOGUE.workloads),
    products: list('BIZAPPS_PRODUCTS', DEFAULT_CATALOGUE.products),
  };

  const linkSecret = get('LINK_SECRET');
  if (linkSecret !== undefined && linkSecret.length < 32) problems.push('LINK_SECRET must be at least 32 characters');
  const linkSecretPrevious = get('LINK_SECRET_PREVIOUS');
  if (linkSecretPrevious !== undefined && linkSecret === undefined) problems.push('LINK_SECRET_PREVIOUS is set but LINK_SECRET is not');
  if (linkSecretPrevious !== undefined && linkSecretPrevious.length < 32) problems.push('LINK_SECRET_PREVIOUS must be at least 32 characters');

  const timeZone = get('CUSTOMER_TIME_ZONE') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`CUSTOMER_TIME_ZONE="${timeZone}" is not an IANA time zone (e.g. Europe/Rome)`);
  }
  const country = get('HOLIDAY_COUNTRY')?.toUpperCase();
  if (country) {
    try {
      holidayCalendar(country);
    } catch {
      problems.push(`HOLIDAY_COUNTRY="${country}" is not a country code with a holiday calendar (e.g. IT, US, DE)`);
    }
  }

  const digestTime = get('DIGEST_TIME') ?? '09:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(digestTime)) problems.push(`DIGEST_TIME="${digestTime}" must be a time of day as HH:MM (00:00–23:59)`);

  const telemetry: TelemetryConfig = {
    azureMonitorConnectionString: get('APPLICATIONINSIGHTS_CONNECTION_STRING'),
    otlpEndpoint: get('OTEL_EXPORTER_OTLP_ENDPOINT'),
  };
  if (telemetry.azureMonitorConnectionString && !/(^|;)\s*InstrumentationKey=[^;]+/i.test(telemetry.azureMonitorConnectionString)) {
    problems.push("APPLICATIONINSIGHTS_CONNECTION_STRING must be the resource's connection string (InstrumentationKey=…;IngestionEndpoint=…)");
  }
  if (telemetry.otlpEndpoint && !/^https?:\/\/[^\s/]+/.test(telemetry.otlpEndpoint)) {
    problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT="${telemetry.otlpEndpoint}" must be an http:// or https:// URL (e.g. http://localhost:4318)`);
  }

  const production = bot.appId !== undefined;
  const config: Config = {
    port: int('PORT', 3978, 0, 65535),
    playgroundPort: int('PLAYGROUND_PORT', 56150, 1, 65535),
    // The local default accepts unauthenticated traffic, so it listens on loopback only unless told otherwise.
    host: get('HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    dataDir: path.resolve(cwd, get('DATA_DIR') ?? '.data'),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    bot,
    cosmos,
    graph,
    roles,
    catalogue,
    maxPoeBytes: int('MAX_POE_MB', 10, 1, 100) * 1024 * 1024,
    publicBaseUrl: url('PUBLIC_BASE_URL', { allowHttpLoopback: true }),
    linkSecret,
    linkSecretPrevious,
    invokeDeadlineMs: int('INVOKE_DEADLINE_MS', 8000, 100, 14000),
    outboundTimeoutMs,
    defaultServiceUrl: url('BOT_SERVICE_URL', { allowHttpLoopback: true }) ?? 'https://smba.trafficmanager.net/teams',
    schedulerIntervalSeconds: int('SCHEDULER_INTERVAL_SECONDS', 60, 1, 3600),
    optOutBusinessDays: int('OPT_OUT_BUSINESS_DAYS', 5, 0, 30),
    undoSeconds: int('UNDO_SECONDS', 60, 0, 3600),
    partnerResponseBusinessDays: int('PARTNER_RESPONSE_BUSINESS_DAYS', 5, 1, 60),
    disputeDays: int('DISPUTE_DAYS', 30, 1, 365),
    reviewBusinessDays: int('REVIEW_BUSINESS_DAYS', 5, 1, 60),
    businessCalendar: { timeZone, country },
    digestTime,
    mailOutboxDir: path.resolve(cwd, get('MAIL_OUTBOX_DIR') ?? path.join(get('DATA_DIR') ?? '.data', 'outbox')),
    trustProxy: oneOf('TRUST_PROXY', ['true', 'false'] as const, 'false') === 'true',
    orphanFileHours: int('ORPHAN_FILE_HOURS', 24, 1, 720),
    readyOutboxMaxAgeMinutes: int('READY_OUTBOX_MAX_AGE_MINUTES', 15, 0, 10080),
    shutdownGraceSeconds: int('SHUTDOWN_GRACE_SECONDS', 10, 1, 300),
    telemetry,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
