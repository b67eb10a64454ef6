// A partner chatting with the bot through botbuilder's TestAdapter, on the embedded Cosmos server, with the
// same dependencies the app builds. Each Chat is one user's personal conversation; several can interleave.
import { TestAdapter, type Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { createAdapter, createBotDeps, turnErrorHandler } from '../../bot/app';
import type { NoticeDelivery } from '../../bot/workers/noticeDelivery';
import { startLocalConnector, type LocalConnector } from './connector';
import { CporBot, type CporBotDeps } from '../../bot/teams/cporBot';
import { openCosmosStore, type CosmosStore } from '../../services/cosmosStore';
import { loadConfig, type Config } from '../../services/config';
import { memoryLogger, tempDir } from './testApp';
import { FakeClock } from '../../services/clock';
import { TENANT, type Who } from './activities';
import { countStoreRequests, type RequestLog } from './storeRequests';

export interface BotWorld {
  config: Config;
  /** The bot's clock: a fixed weekday unless the test sets it (tests never depend on today's date). */
  clock: FakeClock;
  store: CosmosStore;
  deps: CporBotDeps;
  delivery: NoticeDelivery;
  /** Proactive messages (review cards, partner notices) reach this local Bot Connector through a real CloudAdapter. */
  connector: LocalConnector;
  logs: () => Record<string, unknown>[];
  /** The store requests the bot made (only with `countRequests`). */
  requests?: RequestLog;
  close(): Promise<void>;
}

/** Wednesday 25 November 2026, 10:00 UTC: the bot's "now" in tests that do not choose another. */
export const TEST_NOW = '2026-11-25T10:00:00.000Z';

/** Opens (or reopens, with the same dataDir) the store and builds the bot's dependencies. */
export async function openWorld(
  env: Record<string, string> = {},
  dataDir = tempDir(),
  clock = new FakeClock(TEST_NOW, { ticking: true }),
  /** soleInstance false: the bot behaves as one of several instances (as on Azure), whatever the store. */
  opts: { countRequests?: boolean; soleInstance?: boolean } = {},
): Promise<BotWorld> {
  // No Undo grace unless a test asks for one: an approval's e-mail and messages leave at once.
  const config = loadConfig({ UNDO_SECONDS: '0', DATA_DIR: dataDir, ...env });
  const store = await openCosmosStore(config.cosmos, dataDir, { clock });
  const requests = opts.countRequests ? countStoreRequests(store.containers) : undefined;
  const { log, lines } = memoryLogger();
  const connector = await startLocalConnector();
  const { deps, delivery } = createBotDeps(
    config,
    store,
    log,
    {
      adapter: createAdapter(config, log),
      publicBaseUrl: () => 'http://127.0.0.1:9',
    },
    clock,
    opts.soleInstance,
  );
  return {
    config,
    clock,
    store,
    deps,
    delivery,
    connector,
    logs: lines,
    requests,
    close: async () => {
      await connector.close();
      await store.close();
    },
  };
}

/** A second instance of the bot: its own dependencies (state storage, conversation state) on the same store. */
export function secondInstance(world: BotWorld, soleInstance?: boolean): BotWorld {
  const { log, lines } = memoryLogger();
  const { deps } = createBotDeps(
    world.config,
    world.store,
    log,
    { adapter: createAdapter(world.config, log), publicBaseUrl: () => 'http://127.0.0.1:9' },
    world.clock,
    soleInstance,
  );
  return { ...world, deps, logs: lines };
}

/** A world whose bot already knows these people's personal chats (each said "help" once), so notices reach them. */
export async function openWorldKnowing(people: readonly Who[], env: Record<string, string> = {}): Promise<BotWorld> {
  const world = await openWorld(env);
  for (const who of people) await new Chat(world, who).ask('help');
  return world;
}

export type Reply = Partial<Activity>;

/** Everything a reply shows as text: its text, a hero card's text and buttons, an adaptive card's text. */
export function textOf(reply: Reply): string {
  const parts: string[] = [reply.text ?? ''];
  for (const a of reply.attachments ?? []) parts.push(JSON.stringify(a.content ?? {}));
  for (const action of reply.suggestedActions?.actions ?? []) parts.push(String(action.title));
  return parts.join('\n');
}

export class Chat {
  readonly adapter: TestAdapter;

  constructor(
    world: BotWorld,
    readonly who: Who,
    /** A team channel id: the chat happens in that channel instead of the user's personal chat. */
    channel?: string,
    /** The channel's host organisation, when not the user's: a shared channel of another tenant. */
    hostTenantId?: string,
  ) {
    const bot = new CporBot(world.deps);
    const ownTenant = who.tenantId ?? TENANT;
    const tenantId = channel ? (hostTenantId ?? ownTenant) : ownTenant;
    const conversation = channel
      ? { id: channel, conversationType: 'channel', tenantId, isGroup: true, name: '' }
      : { id: `a:personal-${who.id}`, conversationType: 'personal', tenantId, isGroup: false, name: '' };
    this.adapter = new TestAdapter((context) => bot.run(context), {
      channelId: 'msteams',
      serviceUrl: world.connector.serviceUrl,
      locale: who.locale ?? 'en-US',
      from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
      conversation,
      channelData: channel
        ? { tenant: { id: tenantId }, channel: { id: channel.split(';')[0] }, team: { id: channel.split(';')[0] } }
        : { tenant: { id: tenantId } },
    });
    this.adapter.onTurnError = turnErrorHandler(world.deps.log);
    if (channel) {
      // In a channel the bot asks Teams' roster for the member's own tenant: the local connector answers it.
      world.connector.members.set(who.id, { id: who.id, name: who.name, aadObjectId: who.aadObjectId, tenantId: ownTenant });
      const roster = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: world.connector.serviceUrl });
      this.adapter.use(async (context, next) => {
        context.turnState.set(context.adapter.ConnectorClientKey, roster);
        await next();
      });
    }
  }

  /** Sends a message (or any activity) and returns the bot's message replies of that turn. */
  async say(input: string | Partial<Activity>): Promise<Reply[]> {
    const activity: Partial<Activity> = typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', ...input };
    await this.adapter.receiveActivity(activity);
    const replies = this.adapter.activeQueue.splice(0);
    return replies.filter((r) => r.type === 'message');
  }

  /**
   * Clicks an Action.Execute button: the adaptiveCard/action invoke Teams sends; `onMessage`: the id of the message
   * holding the card (Teams sends it as replyToId).
   */
  async click(
    verb: string,
    data: Record<string, unknown>,
    onMessage?: string,
  ): Promise<{ replies: Reply[]; response: { status: number; body: { statusCode: number; type: string; value: unknown } } }> {
    await this.adapter.receiveActivity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
      ...(onMessage ? { replyToId: onMessage } : {}),
    });
    const sent = this.adapter.activeQueue.splice(0);
    const response = sent.find((a) => a.type === 'invokeResponse')?.value;
    return { replies: sent.filter((r) => r.type === 'message'), response };
  }

  /** Sends and returns all reply text of the turn joined, for matching. */
  async ask(input: string | Partial<Activity>): Promise<string> {
    return (await this.say(input)).map(textOf).join('\n---\n');
  }
}
