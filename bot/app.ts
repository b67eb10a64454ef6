// Wires configuration, storage, the Bot Framework adapter and the HTTP server together. index.ts runs it;
// tests start it on an ephemeral loopback port with their own configuration.
import restify from 'restify';
import { ConversationState } from 'botbuilder';
import type { Config } from '../services/config';
import { openCosmosStore, type CosmosStore } from '../services/cosmosStore';
import { AssociationStore, type ClaimRef } from '../services/associationStore';
import { CosmosBotStorage } from '../services/botStateStorage';
import { ConversationStore } from '../services/conversationStore';
import { LanguagePreferences } from '../services/languagePreferences';
import { FileStore } from '../services/fileStore';
import { createGraphGateway } from '../services/graph';
import type { Logger } from '../services/logger';
import { createRoleResolver } from '../services/roles';
import { ActivityDedupe } from './teams/activityDedupe';
import { NoticeDelivery } from './workers/noticeDelivery';
import type { ProactiveAdapter } from './workers/proactiveTurn';
import { REVIEWER_ACTIONS, ReviewActions } from './teams/reviewActions';
import { ManageActions } from './teams/manageActions';
import { ReviewQueue } from './teams/reviewQueue';
import { DailyDigest } from './workers/dailyDigest';
import { Reminders } from './workers/reminders';
import { reviewCard } from './teams/reviewCard';
import { optOutUrl, registerOptOutRoutes } from './web/optOutRoute';
import { forwardedClientKey } from './web/rateLimit';
import { exportLink, registerExportRoutes, reviewExportLink } from './web/exportRoute';
import { fileUrl, registerFileRoute } from './web/fileRoute';
import { Scheduler, SYSTEM_ACTOR } from './workers/scheduler';
import { TurnEnd } from './teams/turnEnd';
import { LinkSigner, loadLinkSecret } from '../services/signedLinks';
import type { Claim } from '../services/domain/claim';
import type { QueueFilterInputs } from '../cards';
import { systemClock, type Clock } from '../services/clock';
import { customerNotified, type DomainPolicy } from '../services/domain/rules';
import { PartnerDirectory } from '../services/partnerDirectory';
import { PendingProofs } from './teams/pendingProofs';
import { composeCustomerNotice } from '../services/customerNotice';
import { EmlOutboxMailer, GraphMailer, type Mailer } from '../services/mailer';
import { CporBot, type CporBotDeps } from './teams/cporBot';
import { stringsFor } from '../services/strings';
import { registerMessagesRoute } from './web/messagesRoute';
import { isLocalChannel } from './web/activityShape';
import { listenForLoad } from './web/listen';
import { sweepOrphanFiles } from '../services/orphanFiles';
import { registerHealthRoutes } from './web/healthRoutes';
import { Draining } from './web/draining';
import { traceRoutes } from './web/routeTracing';
import { registerGauges, storeGaugeSources } from '../services/observability/gauges';
import { createAdapter } from './adapter';
import { Periodic } from './workers/periodic';

// The tests and the benchmark build their bots from these too.
export { createAdapter, turnErrorHandler } from './adapter';

/** How often orphaned proof-of-execution files are looked for. */
const ORPHAN_SWEEP_INTERVAL_MS = 3600_000;
/** Deliveries wait for turns in progress (clicks first), but never longer than this each. */
const DELIVERY_MAX_WAIT_MS = 1000;
/** Who acted as a reviewer on a claim: their Teams clients refresh its card. */
const REVIEW_ACTIONS = new Set<string>(Object.values(REVIEWER_ACTIONS));
export interface RunningApp {
  url: string;
  store: CosmosStore;
  delivery: NoticeDelivery;
  /** No roles configured: everyone has every role. */
  demoMode: boolean;
  close(): Promise<void>;
}

/** The life cycle's windows and calendar, from configuration (services/domain/rules.ts applies them). */
export function policyOf(config: Config): DomainPolicy {
  return {
    optOutBusinessDays: config.optOutBusinessDays,
    partnerResponseBusinessDays: config.partnerResponseBusinessDays,
    disputeDays: config.disputeDays,
    reviewBusinessDays: config.reviewBusinessDays,
    calendar: config.businessCalendar,
    undoSeconds: config.undoSeconds,
  };
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
  clock: Clock = systemClock,
  // The embedded store's data folder is locked to one process: nobody else writes it. Tests can say otherwise.
  soleInstance = !config.cosmos.endpoint,
): BotWiring {
  const graph = config.graph ? createGraphGateway(config.graph) : undefined;
  const { containers } = store;
  const policy = policyOf(config);
  const claims = new AssociationStore(containers.associations, containers.slots, clock, policy);
  const conversations = new ConversationStore(containers.conversations, clock);
  const languages = new LanguagePreferences(containers.botState, clock);
  const roles = createRoleResolver(config.roles, graph && config.graph ? { graph, tenantId: config.graph.tenantId } : undefined, log);
  const previousLinkSecret = config.linkSecretPrevious === undefined ? undefined : Buffer.from(config.linkSecretPrevious, 'utf8');
  const signer = new LinkSigner(loadLinkSecret(config.linkSecret, config.dataDir), previousLinkSecret);
  // Graph with a sender mailbox in production; the local default writes .eml files a person can open.
  const mailer: Mailer =
    graph && config.graph?.mailSender ? new GraphMailer(graph, config.graph.mailSender) : new EmlOutboxMailer(config.mailOutboxDir, log, clock);
  const poeUrl = (fileId: string) => fileUrl(proactive.publicBaseUrl(), signer, fileId, clock.now());
  const reviewCardFor = async (claim: Claim, canAct: boolean, locale?: string, opts: { notice?: string; backToQueue?: QueueFilterInputs } = {}) => {
    // Another organisation's claim (its name, Partner ID, proof) is for reviewers' eyes only. Looked up from the
    // claims themselves whatever the flag says: a crash before a competitor was flagged leaves no reviewer blind.
    const competitors = canAct ? await claims.competitorsOf(claim) : [];
    const refreshUserIds = [...new Set(claim.history.filter((h) => REVIEW_ACTIONS.has(h.action)).map((h) => h.by.id))];
    return reviewCard(claim, competitors, { canAct, poeUrl, refreshUserIds, at: clock.now(), policy, ...opts }, stringsFor(locale));
  };
  const delivery = new NoticeDelivery({
    adapter: proactive.adapter,
    appId: config.bot.appId ?? '',
    claims,
    conversations,
    languages,
    roles,
    reviewCardFor: (claim) => reviewCardFor(claim, true),
    copyCardFor: async (claim, copy) =>
      copy.view === 'review' || copy.view === 'reviewReadOnly'
        ? reviewCardFor(claim, copy.view === 'review', copy.locale, { backToQueue: copy.backToQueue })
        : deps.manageActions.detailCard(claim, copy.view === 'detailAdmin' ? 'incentivesAdmin' : 'incentivesUser', stringsFor(copy.locale)),
    mailCustomer: async (claim, at) => {
      // The window the e-mail states is the one recorded once it has left: from approval, or from now if later.
      const promised = customerNotified(claim, at, policy);
      const notice = composeCustomerNotice(promised, {
        optOutUrl: optOutUrl(proactive.publicBaseUrl(), signer, promised),
        deadline: new Date(promised.optOutDeadline ?? at),
        timeZone: config.businessCalendar.timeZone,
      });
      const sent = await mailer.send(notice);
      log.info({ claimId: claim.id, where: sent.where, language: notice.language }, 'customer notice sent');
    },
    settleCompetitors: async (claim) => {
      // The claims it ended owe their own notices (their partners are told, their review cards updated).
      for (const ended of await claims.settleCompetitors(claim, SYSTEM_ACTOR)) deliver(ended);
    },
    clock,
    // Leases of another owner are a dead process's when this instance is the only one.
    soleInstance,
    defaultServiceUrl: config.defaultServiceUrl,
    sendTimeoutMs: config.outboundTimeoutMs,
    afterTurn: proactive.turnEnd ? () => proactive.turnEnd!.after(DELIVERY_MAX_WAIT_MS) : undefined,
    log,
  });
  const deliver = (claim: ClaimRef & Partial<Pick<Claim, 'notices'>>) => delivery.scheduleWithDue(claim);
  // The only instance may start a turn from the state it wrote last: nobody else can have changed it.
  const stateStorage = new CosmosBotStorage(containers.botState, { keepWritten: soleInstance });
  const conversationState = new ConversationState(stateStorage);
  const files = new FileStore(containers.files, clock);
  const pendingProofs = new PendingProofs(conversationState, clock);
  const deps: CporBotDeps = {
    conversations,
    languages,
    conversationState,
    stateStorage,
    claims,
    files,
    roles,
    graph,
    catalogue: config.catalogue,
    maxPoeBytes: config.maxPoeBytes,
    log,
    clock,
    partnerNames: new PartnerDirectory(graph, log),
    deliverNotices: deliver,
    manageActions: new ManageActions({
      claims,
      roles,
      log,
      catalogue: config.catalogue,
      deliver,
      clock,
      files,
      maxPoeBytes: config.maxPoeBytes,
      pendingProofs,
      exportUrl: (partnerTenantId) => exportLink(proactive.publicBaseUrl(), signer, partnerTenantId, clock.now()),
    }),
    reviewQueue: new ReviewQueue({
      claims,
      conversations,
      roles,
      log,
      clock,
      exportUrl: (filters) => reviewExportLink(proactive.publicBaseUrl(), signer, filters, clock.now()),
    }),
    reminders: new Reminders({ claims, state: containers.botState, deliver, clock, log }),
    reviewActions: new ReviewActions({
      claims,
      conversations,
      roles,
      reviewCardFor,
      deliver,
      pendingProofs,
      log,
      clock,
    }),
  };
  return { deps, delivery, signer };
}

/** Waits for `work`, but not past `until` (epoch ms): a stop is bounded whatever hangs. */
const bounded = (work: Promise<unknown>, until: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, until - Date.now()));
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });

export async function startApp(config: Config, log: Logger, clock: Clock = systemClock): Promise<RunningApp> {
  const store = await openCosmosStore(config.cosmos, config.dataDir, { clock });
  const adapter = createAdapter(config, log);
  let listeningUrl = '';
  const turnEnd = new TurnEnd();
  adapter.use(turnEnd);
  const { deps, delivery, signer } = createBotDeps(
    config,
    store,
    log,
    {
      adapter,
      publicBaseUrl: () => config.publicBaseUrl ?? listeningUrl,
      turnEnd,
    },
    clock,
  );
  const bot = new CporBot(deps);
  adapter.use(new ActivityDedupe(store.containers.botState, log, bot.stateMarker));
  if (deps.roles.demoMode) {
    log.warn(
      { appId: config.bot.appId ?? null, demoModeSetting: config.roles.demo },
      'demo mode: no roles configured (ROLES_FILE or ROLE_GROUP_*), every user of every tenant has every role',
    );
  }

  const server = restify.createServer({ name: 'cpor-assistant', handleUncaughtExceptions: false });
  const draining = new Draining();
  draining.register(server);
  traceRoutes(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));

  registerMessagesRoute(server, {
    adapter,
    logic: (context) => bot.run(context),
    invokeDeadlineMs: config.invokeDeadlineMs,
    outboundTimeoutMs: config.outboundTimeoutMs,
    log,
    shape: { loopbackServiceUrl: isLocalChannel(config.bot) },
  });

  registerExportRoutes(server, { associations: store.containers.associations, claims: deps.claims, signer, log, clock });
  registerOptOutRoutes(server, {
    claims: deps.claims,
    signer,
    onDeclined: (claim) => deps.deliverNotices(claim),
    log,
    clock,
    timeZone: config.businessCalendar.timeZone,
    clientKey: config.trustProxy ? forwardedClientKey : undefined,
  });

  registerFileRoute(server, { files: deps.files, signer, clock: deps.clock, log });

  registerHealthRoutes(server, {
    store,
    claims: deps.claims,
    clock,
    // Half the invoke deadline: a probe is answered well within it even when the store hangs.
    checkTimeoutMs: Math.floor(config.invokeDeadlineMs / 2),
    outboxMaxAgeMs: config.readyOutboxMaxAgeMinutes * 60_000,
    stopping: () => draining.active,
    log,
  });

  try {
    await listenForLoad(server, config.port, config.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  const { port } = server.address();
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  listeningUrl = `http://${host}:${port}`;
  const scheduler = new Scheduler({
    claims: deps.claims,
    delivery,
    reminders: deps.reminders,
    leases: store.containers.botState,
    log,
    intervalMs: config.schedulerIntervalSeconds * 1000,
    clock,
    soleInstance: !config.cosmos.endpoint,
  });
  scheduler.start();
  // Claims from before the review queue's order field: given it once (a no-op query afterwards).
  const backfill = deps.claims.backfillReviewQueuedAt().catch((err: unknown) => log.error({ err }, 'review queue backfill failed; retried at the next start'));
  // Files left by cancelled or abandoned claim dialogs; every instance may sweep (deleting twice is harmless).
  const fileSweep = new Periodic({
    run: () => sweepOrphanFiles({ files: deps.files, associations: store.containers.associations, clock, maxAgeHours: config.orphanFileHours, log }),
    everyMs: ORPHAN_SWEEP_INTERVAL_MS,
    failure: 'orphaned file sweep failed; retried next hour',
    log,
  });
  // The reviewers' daily digest: every instance looks at each scheduler interval; the day document lets one post.
  const digest = new DailyDigest({
    claims: deps.claims,
    conversations: deps.conversations,
    state: store.containers.botState,
    adapter,
    appId: config.bot.appId ?? '',
    clock,
    policy: deps.claims.policy,
    digestTime: config.digestTime,
    log,
  });
  const digests = new Periodic({
    run: () => digest.run(),
    everyMs: config.schedulerIntervalSeconds * 1000,
    failure: 'daily digest failed; retried next interval',
    log,
  });
  fileSweep.start();
  digests.start();
  const stopGauges = registerGauges(storeGaugeSources(deps.claims), clock, log);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    store,
    delivery,
    demoMode: deps.roles.demoMode,
    close() {
      closing ??= (async () => {
        // New requests are refused from here on; turns in flight (and work that outlived its request) finish, then
        // the scheduler's pass and the deliveries stop after the claim in hand, giving back the leases not used.
        const graceUntil = Date.now() + config.shutdownGraceSeconds * 1000;
        await draining.drain(graceUntil - Date.now());
        await turnEnd.after(Math.max(0, graceUntil - Date.now()));
        const timersStopped = Promise.all([fileSweep.stop(), digests.stop()]);
        await bounded(Promise.all([scheduler.stop(), delivery.stop()]), graceUntil);
        stopGauges();
        await timersStopped;
        await backfill;
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
