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
import { CporBot, type CporBotDeps } from './cporBot';
import { stringsFor } from './i18n';

export interface RunningApp {
  url: string;
  store: CosmosStore;
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

/** Everything the bot needs, built from configuration and the open store (the app and the tests share it). */
export function createBotDeps(config: Config, store: CosmosStore, log: Logger): CporBotDeps {
  const graph = config.graph ? createGraphGateway(config.graph) : undefined;
  const { containers } = store;
  return {
    conversations: new ConversationStore(containers.conversations),
    conversationState: new ConversationState(new CosmosBotStorage(containers.botState)),
    claims: new AssociationStore(containers.associations),
    files: new FileStore(containers.files),
    roles: createRoleResolver(config.roles, graph),
    graph,
    catalogue: config.catalogue,
    maxPoeBytes: config.maxPoeBytes,
    log,
  };
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const store = await openCosmosStore(config.cosmos, config.dataDir);
  const adapter = createAdapter(config, log);
  const deps = createBotDeps(config, store, log);
  adapter.use(new ActivityDedupe(store.containers.botState, log));
  const bot = new CporBot(deps);
  if (deps.roles.demoMode) log.warn('demo mode: no roles configured (ROLES_FILE or ROLE_GROUP_*), every user has every role');

  const server = restify.createServer({ name: 'cpor-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
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

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    store,
    demoMode: deps.roles.demoMode,
    close() {
      closing ??= (async () => {
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
