// Wires configuration, storage, the Bot Framework adapter and the HTTP server together. index.ts runs it;
// tests start it on an ephemeral loopback port with their own configuration.
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import {
  CloudAdapter,
  ConversationState,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../services/config';
import { openCosmosStore, type CosmosStore } from '../services/cosmosStore';
import { AssociationStore } from '../services/associationStore';
import { CosmosBotStorage } from '../services/botStateStorage';
import { ConversationStore } from '../services/conversationStore';
import { FileStore } from '../services/fileStore';
import { createGraphGateway } from '../services/graph';
import type { Logger } from '../services/logger';
import { createRoleResolver } from '../services/roles';
import { ActivityDedupe } from './activityDedupe';
import { NoticeDelivery, type ProactiveAdapter } from './noticeDelivery';
import { REVIEWER_ACTIONS, ReviewActions } from './reviewActions';
import { ManageActions } from './manageActions';
import { reviewCard } from './reviewCard';
import { forwardedClientKey, optOutUrl, registerOptOutRoutes } from './optOutPage';
import { exportLink, registerExportRoutes } from './exportRoute';
import { Scheduler } from './scheduler';
import { TurnEnd } from './turnEnd';
import { LinkSigner, loadLinkSecret } from '../services/signedLinks';
import type { Claim } from '../services/domain/claim';
import { addBusinessDays } from '../services/businessDays';
import { composeCustomerNotice } from '../services/customerNotice';
import { EmlOutboxMailer, GraphMailer, type Mailer } from '../services/mailer';
import { CporBot, type CporBotDeps } from './cporBot';
import { stringsFor } from './i18n';

/** How long a proof-of-execution link on a review card works (a refreshed card carries a fresh one). */
const FILE_LINK_DAYS = 30;
/** Deliveries wait for turns in progress (clicks first), but never longer than this each. */
const DELIVERY_MAX_WAIT_MS = 1000;
/** Who acted as a reviewer on a claim: their Teams clients refresh its card. */
const REVIEW_ACTIONS = new Set<string>(Object.values(REVIEWER_ACTIONS));
const SAFE_FILE_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
]);

export interface RunningApp {
  url: string;
  store: CosmosStore;
  delivery: NoticeDelivery;
  /** No roles configured: everyone has every role. */
  demoMode: boolean;
  close(): Promise<void>;
}

/** Logs the failure with the activity id and tells the user, in their language, without internals. */
export function turnErrorHandler(log: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const { activity } = context;
    log.error({ err: error, activityId: activity.id, conversationId: activity.conversation?.id }, 'turn failed');
    try {
      await context.sendActivity(stringsFor(activity.locale).errors.generic);
    } catch (sendError) {
      log.error({ err: sendError, activityId: activity.id }, 'could not tell the user about the failure');
    }
  };
}

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const { appId, appPassword, appType, tenantId } = config.bot;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: tenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);

  // One log line per turn: what came in, from which conversation, how long it took.
  adapter.use(async (context, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const { activity } = context;
      log.info(
        {
          activityId: activity.id,
          type: activity.type,
          name: activity.name,
          conversationId: activity.conversation?.id,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'turn',
      );
    }
  });

  adapter.onTurnError = turnErrorHandler(log);
  return adapter;
}

export interface BotWiring {
  deps: CporBotDeps;
  delivery: NoticeDelivery;
  signer: LinkSigner;
}

/**
 * Everything the bot needs, built from configuration and the open store (the app and the tests share it).
 * `publicBaseUrl` is a function because with PORT=0 the address is known only once the server listens.
 */
export function createBotDeps(
  config: Config,
  store: CosmosStore,
  log: Logger,
  proactive: { adapter: ProactiveAdapter; publicBaseUrl: () => string; turnEnd?: TurnEnd },
): BotWiring {
  const graph = config.graph ? createGraphGateway(config.graph) : undefined;
  const { containers } = store;
  const claims = new AssociationStore(containers.associations);
  const conversations = new ConversationStore(containers.conversations);
  const roles = createRoleResolver(config.roles, graph);
  const signer = new LinkSigner(loadLinkSecret(config.linkSecret, config.dataDir));
  // Graph with a sender mailbox in production; the local default writes .eml files a person can open.
  const mailer: Mailer =
    graph && config.graph?.mailSender ? new GraphMailer(graph, config.graph.mailSender) : new EmlOutboxMailer(config.mailOutboxDir, log);
  const poeUrl = (fileId: string) =>
    `${proactive.publicBaseUrl()}/files/${encodeURIComponent(fileId)}?token=${signer.sign('file', fileId, new Date(Date.now() + FILE_LINK_DAYS * 86400_000))}`;
  const reviewCardFor = async (claim: Claim, canAct: boolean, locale?: string) => {
    const competitors = claim.competing ? await claims.competitorsOf(claim) : [];
    const refreshUserIds = [...new Set(claim.history.filter((h) => REVIEW_ACTIONS.has(h.action)).map((h) => h.by.id))];
    return reviewCard(claim, competitors, { canAct, poeUrl, refreshUserIds }, stringsFor(locale));
  };
  const delivery = new NoticeDelivery({
    adapter: proactive.adapter,
    appId: config.bot.appId ?? '',
    claims,
    conversations,
    roles,
    reviewCardFor: (claim) => reviewCardFor(claim, true),
    mailCustomer: async (claim) => {
      const notice = composeCustomerNotice(claim, {
        optOutUrl: optOutUrl(proactive.publicBaseUrl(), signer, claim),
        deadline: new Date(claim.optOutDeadline ?? Date.now()),
        timeZone: config.businessCalendar.timeZone,
      });
      const sent = await mailer.send(notice);
      log.info({ claimId: claim.id, where: sent.where, language: notice.language }, 'customer notice sent');
    },
    defaultServiceUrl: config.defaultServiceUrl,
    afterTurn: proactive.turnEnd ? () => proactive.turnEnd!.after(DELIVERY_MAX_WAIT_MS) : undefined,
    log,
  });
  const deliver = (claim: { partnerTenantId: string; id: string }) => delivery.schedule(claim);
  const stateStorage = new CosmosBotStorage(containers.botState);
  const deps: CporBotDeps = {
    conversations,
    conversationState: new ConversationState(stateStorage),
    stateStorage,
    claims,
    files: new FileStore(containers.files),
    roles,
    graph,
    catalogue: config.catalogue,
    maxPoeBytes: config.maxPoeBytes,
    optOutBusinessDays: config.optOutBusinessDays,
    invokeDeadlineMs: config.invokeDeadlineMs,
    log,
    deliverNotices: deliver,
    manageActions: new ManageActions({
      claims,
      roles,
      catalogue: config.catalogue,
      deliver,
      exportUrl: (partnerTenantId) => exportLink(proactive.publicBaseUrl(), signer, partnerTenantId, new Date()),
    }),
    reviewActions: new ReviewActions({
      claims,
      conversations,
      roles,
      reviewCardFor,
      deliver,
      deadlineMs: config.invokeDeadlineMs,
      businessDeadline: (from, days) => addBusinessDays(from, days, config.businessCalendar),
      optOutBusinessDays: config.optOutBusinessDays,
      log,
    }),
  };
  return { deps, delivery, signer };
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const store = await openCosmosStore(config.cosmos, config.dataDir);
  const adapter = createAdapter(config, log);
  let listeningUrl = '';
  const turnEnd = new TurnEnd();
  adapter.use(turnEnd);
  const { deps, delivery, signer } = createBotDeps(config, store, log, {
    adapter,
    publicBaseUrl: () => config.publicBaseUrl ?? listeningUrl,
    turnEnd,
  });
  const bot = new CporBot(deps);
  adapter.use(new ActivityDedupe(store.containers.botState, log, bot.stateMarker));
  if (deps.roles.demoMode) log.warn('demo mode: no roles configured (ROLES_FILE or ROLE_GROUP_*), every user has every role');

  const server = restify.createServer({ name: 'cpor-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  registerExportRoutes(server, { associations: store.containers.associations, signer, log });
  registerOptOutRoutes(server, {
    claims: deps.claims,
    signer,
    onDeclined: (claim) => deps.deliverNotices(claim),
    log,
    timeZone: config.businessCalendar.timeZone,
    clientKey: config.trustProxy ? forwardedClientKey : undefined,
  });

  // Proof-of-execution downloads from review cards: the signed token is the permission.
  server.get('/files/:fileId', async (req, res) => {
    const fileId = String(req.params.fileId ?? '');
    const token = String((req.query as Record<string, unknown>)?.token ?? '');
    if (!signer.verify('file', fileId, token)) {
      res.send(403, { message: 'This link is invalid or has expired. Open the claim again for a fresh link.' });
      return;
    }
    let stored: Awaited<ReturnType<typeof deps.files.read>>;
    try {
      stored = await deps.files.read(fileId);
    } catch (err) {
      log.error({ err, fileId }, 'file download failed');
      res.send(503, { message: 'The file cannot be read right now. Try again in a moment.' });
      return;
    }
    if (!stored) {
      res.send(404, { message: 'File not found.' });
      return;
    }
    res.writeHead(200, {
      // The type was chosen by whoever uploaded the file: only well-known document types are served as such.
      'content-type': SAFE_FILE_TYPES.has(stored.file.contentType) ? stored.file.contentType : 'application/octet-stream',
      'content-length': stored.bytes.length,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(stored.file.fileName)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    res.end(stored.bytes);
  });

  server.get('/healthz', async (_req, res) => {
    const reachable = await store.ping();
    res.send(reachable ? 200 : 503, { status: reachable ? 'ok' : 'degraded', store: { reachable } });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  listeningUrl = `http://${host}:${port}`;
  const scheduler = new Scheduler({
    claims: deps.claims,
    delivery,
    leases: store.containers.botState,
    log,
    intervalMs: config.schedulerIntervalSeconds * 1000,
  });
  scheduler.start();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    store,
    delivery,
    demoMode: deps.roles.demoMode,
    close() {
      closing ??= (async () => {
        await scheduler.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.server.closeIdleConnections();
        });
        await store.close();
      })();
      return closing;
    },
  };
}
