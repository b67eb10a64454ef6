/**
 * Microsoft 365 Agents Playground harness for end-to-end tests.
 *
 * Drives the real `agentsplayground` CLI (@microsoft/m365agentsplayground 0.2.28) and its
 * Teams-like web page with headless Debian Chromium through playwright-core, so a test can
 * type messages, read replies, fill in and click Adaptive Cards exactly as a person would.
 *
 * Usage (mocha; the bot must already be listening, unauthenticated, on botEndpoint):
 *
 *   import { startPlayground, openChat, Playground, ChatSession } from './playground';
 *
 *   let pg: Playground;
 *   let chat: ChatSession;
 *   before(async function () {
 *     this.timeout(60_000);
 *     pg = await startPlayground({ botEndpoint: 'http://127.0.0.1:3978/api/messages', locale: 'it-IT' });
 *     chat = await openChat(pg.url);                 // loads the page => installationUpdate + conversationUpdate
 *   });
 *   after(async () => { await chat?.close(); await pg?.stop(); });
 *
 *   it('answers', async () => {
 *     const since = await chat.send('help');         // returns the bot-message count before sending
 *     await chat.waitForBotText(/CPOR/, 10_000, { since });
 *     await chat.clickCardButton('Associa', { cardText: 'Cliente' });
 *     await chat.waitForInvokeMessage(/./);           // the bar shown under a card after Action.Execute
 *     await chat.screenshot('test-results/help.png');
 *     const msg = pg.received.find((a) => a.type === 'message');   // what the bot actually got
 *   });
 *
 *   it('works in a team channel', async () => {
 *     await chat.openChannel('General');             // left rail; helpers now act on the channel
 *     await chat.send('help');                        // a new post, starting with an @mention of the bot
 *     await chat.waitForCardText(/What I can do/);
 *     await chat.openPersonalChat();                  // back; proactive messages sent meanwhile are there
 *     const answer = pg.responses.find((r) => r.activity.type === 'invoke');   // the bot's invoke answer
 *   });
 *
 * ---------------------------------------------------------------------------------------------
 * What the playground does (observed with 0.2.28, channel msteams, default config):
 *
 * - CLI: `agentsplayground -e <endpoint> -c msteams -p <port> --disable-telemetry`, with env
 *   TEAMSAPPTESTER_BROWSER=none (otherwise it tries to open a browser via xdg-open). It is one
 *   node process; it prints "Listening on <port>" (if the port is taken it silently falls back to
 *   a random one, so we parse that line). It writes ./devTools/m365agentsplayground.log relative to
 *   its cwd (or M365_AGENTS_PLAYGROUND_LOGFILE), and reads ./.m365agentsplayground.yml from its cwd
 *   (or M365_AGENTS_PLAYGROUND_CONFIG_PATH) — so we run it in a temp dir, never in the repo.
 * - Nothing is sent to the bot when the CLI starts. Every time the web page is (re)loaded, the
 *   page GETs /_internal/v1/config — the server then waits (wait-on, up to 15 s) for the bot
 *   endpoint to answer — and POSTs /_debug/conversation/<personalChatId>/installation, which makes
 *   the server send the bot, in this order:
 *     1. installationUpdate  action "add", locale "en-US", entities [{type:clientInfo, locale:en-US}]
 *     2. conversationUpdate  membersAdded [user-id-0 (with aadObjectId), bot id]  — NO locale field
 *   So each openChat() triggers the bot's install/welcome logic again (the bot's own state persists
 *   across page loads; the page's message history does not — a reload shows an empty chat).
 *   The page opens on the personal chat with the bot by default.
 * - Fields on every activity (default config; the personal chat id is a random UUID per CLI run
 *   unless `conversationId` is given):
 *     channelId "msteams"; serviceUrl "http://localhost:<port>/_connector" (note: localhost, not
 *     127.0.0.1); from { id "user-id-0", name "Alex Wilber" (message/invoke only),
 *     aadObjectId "00000000-0000-0000-0000-0000000000020" }; recipient { id
 *     "00000000-0000-0000-0000-00000000000011", name "Test Bot" }; conversation { id <uuid>,
 *     conversationType "personal", tenantId "00000000-0000-0000-0000-0000000000001" };
 *     channelData.tenant.id = same tenant; message: textFormat "plain", locale "en-US",
 *     localTimezone = the server's zone (UTC here), entities [{type "clientInfo", locale "en-US",
 *     country "US", platform "Web", timezone}].
 *     Action.Execute click => invoke name "adaptiveCard/action", value { action: { type
 *     "Action.Execute", title, verb, data: {...card data, ...input values by id} } }, replyToId =
 *     id of the card message. Input values are strings ("true"/"false" for Input.Toggle).
 * - Locale: hard-coded "en-US" in the server's activity generators (message, invoke, submit,
 *   installationUpdate); no CLI flag, env var, query parameter, config-file key or UI setting
 *   changes it (the browser's locale/LANG only changes the page's own formatting). Two ways here:
 *     a) startPlayground({ locale: 'it-IT' }) puts a small recording proxy between the playground
 *        and the bot that rewrites `locale` and the clientInfo entity's `locale` on every activity
 *        that has them (conversationUpdate stays without locale unless addLocaleIfMissing), so the
 *        whole UI flow — typing, card clicks — reaches the bot as it-IT.
 *     b) chat.sendActivity({ text, locale: 'it-IT' }) posts a one-off custom activity (the same
 *        thing as "Mock an Activity > Custom activity" in the UI, POST /_internal/v1/customActivities,
 *        forwarded to the bot as-is). The bot's replies show in the chat; the user's message does not.
 * - Rendering: each bot activity is a `.fai-OutputCard` bubble (text in a <p>, Adaptive Cards in
 *   `.ac-adaptiveCard`). Card buttons are <button aria-label=title>; Input.Text has a <label for>,
 *   Input.ChoiceSet (compact) is role=combobox with role=option items, Input.Toggle is a checkbox.
 *   A required input's label gets an aria-hidden " *" (fillCardInput() takes the label without it).
 *   A Container/ColumnSet with a selectAction is a div role=button whose aria-label is the action's
 *   title: click it, or any text in it, as a person would. Action.ShowCard opens its card below the
 *   actions as a nested .ac-adaptiveCard (so `cardText` should name text of the outer card).
 *   After an Action.Execute the card shows a bar (aria-label "Display Invoked Message") with the
 *   invoke response: a message-type response shows its `value` string; a card-type response
 *   replaces the card in place and the bar says "Your response was sent to the app"; an unreachable
 *   bot gives "Unable to reach app. Please try again.".
 *   The log panel on the right repeats every message text ("... message 201 <text>"), so never
 *   search the whole page for bot text — scope to `.fai-OutputCard`, as the helpers below do.
 * - Replies: the bot posts them to serviceUrl (straight to the playground, not through the proxy);
 *   invoke responses travel back on the proxied HTTP response. A bubble appears ~100-300 ms after
 *   send() for a fast bot. screenshot() is full-page but the chat pane scrolls internally, so a
 *   long chat shows only its latest part (which is what a person would see).
 * - If the bot is not reachable, the page keeps the compose box but logs "Cannot connect to your
 *   app..." after the server's 15 s wait; openChat() then throws (after ~17 s).
 * - Conversations: the left rail (role treeitem) lists "Personal Chat", "Group Chat" (Megan Bowen and
 *   four more users) and the channels of team "My Team" (id "team-id"): "General" (channel id
 *   "team-id", like Teams' General) and "Announcements" ("channel-announcements-id"); aria-labels
 *   "Personal Chat", "Group Chat", "My Team - General". The page's config (openChat() keeps it in
 *   `config`) has them all, with the bot's id and name. The first time a group chat or channel is
 *   opened in a page load, the server sends the bot installationUpdate (action add) and
 *   conversationUpdate (membersAdded [bot]; channel: channelData.team {id, name, aadGroupId},
 *   eventType "teamMemberAdded", settings.selectedChannel) for it. Each conversation keeps its
 *   messages while the page is open: messages the bot sends to one that is not on screen (proactive
 *   ones) are there when you switch back; no reload needed (a reload empties every conversation).
 * - Group chats and channels: a message reaches the bot only if it @mentions it, as in Teams
 *   (otherwise it is only shown). Typing "@" opens a mention menu (#typeahead-menu, role menuitem
 *   per member); the chosen mention becomes "<at>Test Bot</at>" in `text`, plus an entity
 *   { type "mention", mentioned { id, name }, text "<at>Test Bot</at>" }. A channel message has
 *   conversation { id "<channel id>;messageid=<n>" (its thread), conversationType "channel",
 *   isGroup true }, channelData { teamsChannelId, teamsTeamId, team {id}, channel {id}, tenant }.
 *   A bot message to the bare channel id (proactive) starts a new thread ("post"); a reply to an
 *   activity in a thread goes into that thread. updateActivity (PUT) works: the page updates the
 *   message in place, and the log panel shows "User Application -> ... message 200" (201 for a new
 *   message).
 * - Channel page: a "Start a new post" composer (Enter or the "Post" button posts), then one
 *   `.fui-Card[role=group]` per thread, NEWEST THREAD FIRST, each with its post (author = the
 *   header avatar's aria-label), its replies in order and a reply box. Bot messages there are not
 *   `.fai-OutputCard` bubbles, and a clicked Action.Execute shows no invoke-response bar (a card
 *   response replaces the card silently) — the helpers below handle both views.
 * - Files: the Teams UI has no upload button (the compose box's "+" is "Trigger Message Extension
 *   App"); send an attachment with sendActivity() (a data: URL is simplest).
 * - Cards: Action.OpenUrl renders as a button with role "link" (title = the URL) and opens a new
 *   page (window.open). A card with `refresh.userIds` makes the log panel warn "User specific view
 *   is not supported yet"; no refresh invoke is sent.
 * - The page pulls Segoe UI fonts from a CDN; we abort every non-local request so the closed
 *   network cannot slow or break the load. The client bundle is ~9 MB: the page needs ~2-3 s to
 *   become usable on this 2-core machine.
 */
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Browser, BrowserContext, Locator, Page } from 'playwright-core';

// ---------------------------------------------------------------------------------------------
// Playground process
// ---------------------------------------------------------------------------------------------

/** Loosely typed Bot Framework activity as received by the bot. */
export interface BotActivity {
  type: string;
  id?: string;
  name?: string;
  text?: string;
  locale?: string;
  channelId?: string;
  serviceUrl?: string;
  from?: { id: string; name?: string; aadObjectId?: string };
  conversation?: { id: string; conversationType?: string; tenantId?: string };
  recipient?: { id: string; name?: string };
  value?: unknown;
  entities?: Array<Record<string, unknown>>;
  channelData?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The bot's HTTP answer to one activity the playground POSTed (recorded by the proxy). */
export interface BotResponse {
  /** The activity answered (same object as in `received`). */
  activity: BotActivity;
  status: number;
  /** Parsed JSON body, or the raw text when not JSON; undefined when empty. */
  body?: unknown;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages (http only). */
  botEndpoint: string;
  /** Port for the playground web server; default: a free port. */
  port?: number;
  /** Rewrite activity locale (and the clientInfo entity's locale) to this value, e.g. 'it-IT'. */
  locale?: string;
  /** With `locale`: also add it to activities that carry none (conversationUpdate). Default false. */
  addLocaleIfMissing?: boolean;
  /**
   * Put the recording proxy between playground and bot (fills `received`). Default true.
   * `locale` needs it.
   */
  proxy?: boolean;
  /** Fixed id for the personal chat (CLI --conversation-id); default a random UUID per run. */
  conversationId?: string;
  /** Contents of a .m365agentsplayground.yml (users, tenant, bot name...); default built-in config. */
  configYaml?: string;
  /** Channel emulated; default 'msteams'. */
  channelId?: 'msteams' | 'directline' | 'webchat' | 'emulator' | 'agents';
  /** How long to wait for the CLI to serve its page; default 30 s. */
  startTimeoutMs?: number;
  /** Receives each line the CLI prints (stdout and stderr). */
  onOutput?: (line: string) => void;
}

export interface Playground {
  /** Base URL of the playground page, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  /** pid (= process-group id) of the CLI. */
  pid: number;
  /** The endpoint the playground was told to call (the proxy's, or botEndpoint without proxy). */
  appEndpoint: string;
  /** Every activity the playground POSTed to the bot, after locale rewriting (proxy only). */
  received: BotActivity[];
  /**
   * The bot's HTTP answer to each of those activities, in the order the answers came (proxy only):
   * status and parsed JSON body — for an invoke, the invoke response (e.g. the card that replaces
   * a clicked Adaptive Card). Messages usually answer 200 with no body.
   */
  responses: BotResponse[];
  /** Resolves with the first received activity (already received or future) matching `pred`. */
  waitForActivity(pred: (a: BotActivity) => boolean, timeoutMs?: number): Promise<BotActivity>;
  /** CLI output so far. */
  output(): string;
  /** Kills the CLI's whole process group, closes the proxy, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Milliseconds from spawn until the page answered. */
  startupMs: number;
}

const liveKillers = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' also fires for mocha --exit / process.exit(). A SIGKILLed test process cannot clean up.
  process.on('exit', () => {
    for (const kill of liveKillers) kill();
  });
}

/** Finds a free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface BotProxy {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Minimal reverse proxy playground -> bot. Records each JSON activity and optionally rewrites its
 * locale. If the bot cannot be reached the client socket is destroyed (not answered 502), so the
 * playground's own "is the app up" probe behaves as without the proxy.
 */
function startBotProxy(
  target: URL,
  rewrite: (a: BotActivity) => void,
  record: (a: BotActivity) => void,
  recordResponse: (r: BotResponse) => void = () => undefined,
): Promise<BotProxy> {
  if (target.protocol !== 'http:') throw new Error(`botEndpoint must be http:, got ${target.href}`);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      let recorded: BotActivity | undefined;
      const isJson = String(req.headers['content-type'] ?? '').includes('json');
      if (req.method === 'POST' && isJson && body.length > 0) {
        try {
          const activity = JSON.parse(body.toString('utf8')) as BotActivity;
          if (activity && typeof activity === 'object' && typeof activity.type === 'string') {
            rewrite(activity);
            recorded = JSON.parse(JSON.stringify(activity)) as BotActivity;
            record(recorded);
            body = Buffer.from(JSON.stringify(activity), 'utf8');
          }
        } catch {
          /* not an activity: forward untouched */
        }
      }
      const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
      delete headers['transfer-encoding'];
      if (req.method !== 'GET' && req.method !== 'HEAD') headers['content-length'] = body.length;
      const upstream = http.request(
        {
          hostname: target.hostname,
          port: target.port || 80,
          method: req.method,
          path: req.url,
          headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          if (recorded) {
            const activity = recorded;
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () => {
              const text = Buffer.concat(parts).toString('utf8');
              let parsed: unknown = text || undefined;
              try {
                if (text) parsed = JSON.parse(text);
              } catch {
                /* keep the text */
              }
              recordResponse({ activity, status: up.statusCode ?? 0, body: parsed });
            });
          }
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(req.method === 'GET' || req.method === 'HEAD' ? undefined : body);
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address() as net.AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${addr.port}${target.pathname}${target.search}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/**
 * Starts the Agents Playground CLI against `botEndpoint` and resolves once its page answers.
 * Start the bot first (or within ~15 s of opening the page: the page waits for it that long).
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const started = Date.now();
  const useProxy = opts.proxy ?? true;
  if (opts.locale && !useProxy) throw new Error('startPlayground: `locale` needs proxy: true');
  const received: BotActivity[] = [];
  const responses: BotResponse[] = [];
  const waiters: Array<{ pred: (a: BotActivity) => boolean; resolve: (a: BotActivity) => void }> = [];

  let proxy: BotProxy | undefined;
  let appEndpoint = opts.botEndpoint;
  if (useProxy) {
    const locale = opts.locale;
    proxy = await startBotProxy(
      new URL(opts.botEndpoint),
      (a) => {
        if (!locale) return;
        if (typeof a.locale === 'string' || opts.addLocaleIfMissing) a.locale = locale;
        for (const e of a.entities ?? []) {
          if (e && e.type === 'clientInfo' && 'locale' in e) e.locale = locale;
        }
      },
      (a) => {
        received.push(a);
        for (const w of [...waiters]) {
          if (w.pred(a)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(a);
          }
        }
      },
      (r) => responses.push(r),
    );
    appEndpoint = proxy.endpoint;
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentsplayground-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(M365_AGENTS_PLAYGROUND_|TEAMSAPPTESTER_|TEAMS_APP_TEST_TOOL_)/.test(k)) delete env[k];
  }
  env.TEAMSAPPTESTER_BROWSER = 'none';
  env.M365_AGENTS_PLAYGROUND_LOGFILE = path.join(tmp, 'playground.log');
  if (opts.configYaml !== undefined) {
    const cfg = path.join(tmp, '.m365agentsplayground.yml');
    fs.writeFileSync(cfg, opts.configYaml);
    env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = cfg;
  }

  const requestedPort = opts.port ?? (await freePort());
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const args = [cli, '-e', appEndpoint, '-c', opts.channelId ?? 'msteams', '-p', String(requestedPort), '--disable-telemetry'];
  if (opts.conversationId) args.push('--conversation-id', opts.conversationId);

  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: tmp,
    env,
    detached: true, // own process group => stop() can kill the whole group
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('agentsplayground did not start');

  let out = '';
  let listeningPort: number | undefined;
  let exited = false;
  const onData = (buf: Buffer) => {
    const text = buf.toString('utf8');
    if (out.length < 1_000_000) out += text;
    for (const line of text.split(/\r?\n/)) {
      if (!line) continue;
      const m = /Listening on (\d+)/.exec(line);
      if (m) listeningPort = Number(m[1]);
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exitPromise = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  const syncKill = () => {
    killGroup('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  liveKillers.add(syncKill);
  installExitHook();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      killGroup('SIGTERM');
      await Promise.race([exitPromise, sleep(5000)]);
      if (!exited) {
        killGroup('SIGKILL');
        await Promise.race([exitPromise, sleep(2000)]);
      }
    }
    killGroup('SIGKILL'); // anything the CLI may have spawned into its group
    liveKillers.delete(syncKill);
    await proxy?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  const deadline = started + (opts.startTimeoutMs ?? 30_000);
  let port: number | undefined;
  try {
    for (;;) {
      if (exited) throw new Error(`agentsplayground exited during start:\n${out}`);
      if (Date.now() > deadline) throw new Error(`agentsplayground did not answer in time:\n${out}`);
      if (listeningPort !== undefined && (await httpStatus(`http://127.0.0.1:${listeningPort}/`, 2000)) === 200) {
        port = listeningPort;
        break;
      }
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    pid,
    appEndpoint,
    received,
    responses,
    startupMs: Date.now() - started,
    output: () => out,
    stop,
    waitForActivity(pred, timeoutMs = 10_000) {
      const found = received.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<BotActivity>((resolve, reject) => {
        const w = { pred, resolve: (a: BotActivity) => (clearTimeout(timer), resolve(a)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(
            new Error(
              `no matching activity within ${timeoutMs} ms; received: ` +
                JSON.stringify(received.map((a) => `${a.type}${a.name ? '/' + a.name : ''}${a.text ? ' ' + a.text : ''}`)),
            ),
          );
        }, timeoutMs);
        waiters.push(w);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Browser / chat page
// ---------------------------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // without these, connections get refused on the closed network
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Debian Chromium (CHROMIUM_PATH or /usr/bin/chromium). */
export function launchChromium(executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Stable selectors of the playground page (0.2.28). */
export const SELECTORS = {
  /** Lexical rich-text compose box. */
  composeBox: '[data-lexical-editor="true"][role="textbox"]',
  /** One bubble per bot activity (text and/or cards), in the personal chat and group chats. */
  botMessage: '.fai-OutputCard',
  /** A rendered card inside a bot bubble: an Adaptive Card, or a hero card (botbuilder's choice prompts). */
  adaptiveCard: '.fai-OutputCard .ac-adaptiveCard, .fai-OutputCard [data-tid="hero-card"]',
  /** The same, relative to a bubble. */
  cardInBubble: '.ac-adaptiveCard, [data-tid="hero-card"]',
  /** Bar under a card showing the Action.Execute (invoke) response (chats only, not channels). */
  invokeMessage: '[aria-label="Display Invoked Message"]',
  /** A conversation in the left rail; its aria-label is "Personal Chat", "Group Chat" or "<team> - <channel>". */
  railItem: '[role="treeitem"]',
  /** Channel view: one card per thread (post + replies), and one more for the "Start a new post" composer. */
  channelPost: '.fui-Card[role="group"]',
  /** An Adaptive Card in a channel post or reply. */
  channelCard: '.fui-Card[role="group"] .ac-adaptiveCard',
  /** The @mention picker that typing "@" opens in a compose box. */
  mentionItem: '#typeahead-menu [role="menuitem"]',
} as const;

export type TextMatch = string | RegExp;

/** The page's configuration (GET /_internal/v1/config), as loaded by openChat(). */
export interface PlaygroundPageConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId?: string; email?: string; userPrincipleName?: string };
  users: Array<{ id: string; name: string; aadObjectId?: string; email?: string }>;
  personalChat: { id: string; name: string };
  groupChats: Array<{ id: string; name: string; members: string[] }>;
  teams: Array<{ id: string; name: string; aadGroupId?: string; members: string[]; channels: Array<{ id: string; name: string; channelType?: string }> }>;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** The conversation shown in the middle pane. */
export interface OpenConversation {
  kind: ConversationKind;
  /** conversation.id of the activities (a channel's id; the channel's threads are "<id>;messageid=<n>"). */
  id: string;
  /** Its name in the left rail: "Personal Chat", "Group Chat", "General"... */
  name: string;
  /** The team of a channel. */
  team?: string;
}

/** One message of a channel as shown: a thread's post or one of its replies. */
export interface ChannelMessage {
  /** Author's display name (the bot's is config.bot.name, "Test Bot" by default). */
  author: string;
  /** innerText of the message (cards included; a user's @mention shows as the bare name). */
  text: string;
  /** innerText of each Adaptive Card in the message. */
  cards: string[];
  /** Index of the thread, oldest thread 0. */
  thread: number;
  /** false for the thread's post, true for a reply. */
  reply: boolean;
}

export interface ChatOptions {
  /** Reuse a browser (not closed by close()); default: launch one per chat. */
  browser?: Browser;
  viewport?: { width: number; height: number };
  /** Timeout for the page to load and connect to the bot; default 30 s. */
  readyTimeoutMs?: number;
  /** Locale of the browser context (page formatting only; activity.locale is not affected). */
  browserLocale?: string;
  /** Abort requests to non-local hosts (CDN fonts); default true. */
  blockExternal?: boolean;
}

export interface WaitOptions {
  /** Only look at bot messages with index >= since (use the value send() returned). */
  since?: number;
}

export interface CardOptions {
  /**
   * Pick the newest card whose text matches (chats: the last one; channels: the first one in page
   * order, i.e. in the newest thread); default: the newest card having the control.
   */
  cardText?: TextMatch;
  timeoutMs?: number;
}

export interface SendOptions {
  /**
   * Start the message with an @mention of the bot, picked in the compose box's mention menu as a
   * person would (the bot gets text "<at>Test Bot</at> ..." and a mention entity). Default: true in
   * a channel or group chat — the playground, like Teams, sends those messages to the bot only when
   * it is mentioned — false in the personal chat.
   */
  mentionBot?: boolean;
}

export interface ChatSession {
  page: Page;
  browser: Browser;
  context: BrowserContext;
  /** Milliseconds from openChat() until the chat was usable. */
  readyMs: number;
  /** The page's configuration: bot, current user, chats, teams and channels. */
  config: PlaygroundPageConfig;
  /**
   * The conversation on screen, as set by openConversation() (the page opens on the personal chat).
   * The helpers below act on it; clicking in the left rail through `page` yourself does not update it.
   */
  conversation: OpenConversation;
  /**
   * Shows a conversation of the left rail: "Personal Chat", a group chat ("Group Chat"), or a channel
   * ("General", "My Team/General" or "My Team - General"). The first visit to a group chat or channel
   * makes the playground send the bot installationUpdate + conversationUpdate for it (the bot may
   * greet there). Each conversation keeps its messages while the page is open, and messages the bot
   * sends to a conversation not on screen (proactive ones) are there when you come back.
   * Bot-message indexes (`since`) count per conversation: take them after switching.
   */
  openConversation(name: string): Promise<OpenConversation>;
  /** openConversation(config.personalChat.name). */
  openPersonalChat(): Promise<OpenConversation>;
  /** openConversation of a channel; default "General" of the first team. */
  openChannel(channel?: string, team?: string): Promise<OpenConversation>;
  /**
   * Types `text` in the compose box and presses Enter; in a channel, as a new post ("Start a new
   * post"), which starts a thread. Returns the bot-message count before sending.
   */
  send(text: string, opts?: SendOptions): Promise<number>;
  /**
   * Number of bot messages currently shown in the open conversation (chats: bubbles; channels: posts
   * and replies by the bot).
   */
  botMessageCount(): Promise<number>;
  /**
   * innerText of every bot message of the open conversation (cards included), oldest first. In a
   * channel: threads oldest first, each thread's post then its replies; the page lists the newest
   * thread on top, and a reply to an older thread lands inside it, so prefer matching unique text
   * to `since` indexes there.
   */
  botMessages(): Promise<string[]>;
  /** Channel view: every post and reply, any author, in the order of botMessages(). */
  channelMessages(): Promise<ChannelMessage[]>;
  /** Waits for a bot message (text or card) matching; returns its text. */
  waitForBotText(match: TextMatch, timeoutMs?: number, opts?: WaitOptions): Promise<string>;
  /** Waits for an Adaptive Card whose text matches; returns a locator of the newest matching card. */
  waitForCardText(match: TextMatch, timeoutMs?: number, opts?: WaitOptions): Promise<Locator>;
  /** Clicks the button titled `title` (exact) in a card (Action.Execute/Submit/OpenUrl/ShowCard). */
  clickCardButton(title: string, opts?: CardOptions): Promise<void>;
  /** Fills an Input.Text / Input.Number / Input.Date by its label (without a required input's " *"), or placeholder. */
  fillCardInput(label: string, value: string, opts?: CardOptions): Promise<void>;
  /** Picks `choiceTitle` in a compact Input.ChoiceSet labelled `label`. */
  selectCardChoice(label: string, choiceTitle: string, opts?: CardOptions): Promise<void>;
  /** Sets an Input.Toggle (by its title). */
  setCardToggle(title: string, checked: boolean, opts?: CardOptions): Promise<void>;
  /**
   * Waits for the invoke-response bar under a card to match; returns its text. Chats only: in a
   * channel the playground shows no bar (a card response replaces the card silently).
   */
  waitForInvokeMessage(match: TextMatch, timeoutMs?: number): Promise<string>;
  /**
   * Sends a custom activity to the bot in the personal chat (like "Mock an Activity > Custom
   * activity"): defaults are the playground's template (ids, conversation, serviceUrl...) plus
   * type 'message', from.name, clientInfo entity; `fields` override them (e.g. { text, locale }).
   * This is also the way to attach a file: the playground's Teams UI has no upload button (its "+"
   * opens message extensions), so pass `attachments: [{ contentType, name, contentUrl }]` with a
   * data: URL. The bot's replies go to the personal chat, whatever conversation is on screen.
   */
  sendActivity(fields: Partial<BotActivity>): Promise<void>;
  /** The log panel's lines (e.g. "... -> User Application invoke 200"). */
  logLines(): Promise<string[]>;
  /** Full-page screenshot; creates the directory. Returns the absolute path. */
  screenshot(file: string): Promise<string>;
  close(): Promise<void>;
}

function matches(text: string, m: TextMatch): boolean {
  return typeof m === 'string' ? text.includes(m) : new RegExp(m.source, m.flags.replace('g', '')).test(text);
}

function toRegExp(m: TextMatch): RegExp {
  return typeof m === 'string' ? new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : m;
}

function describeMatch(m: TextMatch): string {
  return typeof m === 'string' ? JSON.stringify(m) : String(m);
}

/** The little of the DOM that readChannelInPage uses (this project compiles without lib "dom"). */
interface DomElement {
  readonly children: ArrayLike<DomElement>;
  readonly firstElementChild: DomElement | null;
  readonly parentElement: DomElement | null;
  readonly classList: { contains(name: string): boolean };
  readonly innerText: string;
  closest(selector: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
}

/** Runs in the page: reads the channel view, threads oldest first, each post then its replies. */
function readChannelInPage(postSelector: string): ChannelMessage[] {
  const doc = (globalThis as unknown as { document: DomElement }).document;
  const out: ChannelMessage[] = [];
  const tops = Array.from(doc.querySelectorAll(postSelector)).filter((c) => !c.parentElement?.closest(postSelector));
  // The composer is a card too: the one whose footer has the "Post" button.
  const posts = tops.filter((c) => !Array.from(c.querySelectorAll(':scope > .fui-CardFooter button')).some((b) => b.innerText.trim() === 'Post'));
  const authorOf = (el: DomElement) => el.querySelector('.fui-Avatar[role="img"][aria-label]')?.getAttribute('aria-label') ?? '';
  const cardsOf = (el: DomElement) => Array.from(el.querySelectorAll('.ac-adaptiveCard')).map((c) => c.innerText);
  // The page lists the newest thread first.
  posts.reverse().forEach((post, thread) => {
    const kids = Array.from(post.children);
    const headerAt = kids.findIndex((k) => k.classList.contains('fui-CardHeader'));
    const body = kids[headerAt + 1];
    if (!body) return;
    out.push({ author: headerAt >= 0 ? authorOf(kids[headerAt]) : '', text: body.innerText, cards: cardsOf(body), thread, reply: false });
    // Replies: the children between the post's body and its divider/footer; each is
    // div > div > [row (avatar, name, time, menu), content, ...].
    for (const kid of kids.slice(headerAt + 2)) {
      if (kid.classList.contains('fui-Divider') || kid.classList.contains('fui-CardFooter')) continue;
      const content = kid.firstElementChild?.children[1] ?? kid;
      out.push({ author: authorOf(kid), text: content.innerText, cards: cardsOf(kid), thread, reply: true });
    }
  });
  return out;
}

/** Runs in the page: resolves after two animation frames (React has rendered). */
function nextFrames(): Promise<void> {
  const win = globalThis as unknown as { requestAnimationFrame(cb: () => void): void };
  return new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(() => resolve())));
}

/**
 * Opens the playground page at `url` in headless Chromium, on the personal chat with the bot,
 * and resolves once the page is connected to the bot (the installationUpdate/conversationUpdate
 * are being sent at that point: wait for the welcome with waitForBotText()).
 */
export async function openChat(url: string, opts: ChatOptions = {}): Promise<ChatSession> {
  const t0 = Date.now();
  const ownBrowser = !opts.browser;
  const browser = opts.browser ?? (await launchChromium());
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    locale: opts.browserLocale,
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    if (ownBrowser) await browser.close().catch(() => undefined);
  };
  try {
    const page = await context.newPage();
    const readyTimeout = opts.readyTimeoutMs ?? 30_000;
    page.setDefaultTimeout(15_000);
    if (opts.blockExternal ?? true) {
      const origin = new URL(url).origin;
      await page.route(
        (u) => u.origin !== origin && !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(u.hostname) && /^(https?|wss?):$/.test(u.protocol),
        (route) => route.abort(),
      );
    }
    // The config request returns only after the server has checked that the bot answers (<= 15 s).
    const configResponse = page.waitForResponse((r) => r.url().includes('/_internal/v1/config'), { timeout: readyTimeout });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: readyTimeout });
    const cfgRes = await configResponse;
    const config = ((await cfgRes.json()) as { config: PlaygroundPageConfig }).config;
    await page.locator(SELECTORS.composeBox).waitFor({ state: 'visible', timeout: readyTimeout });
    const notConnected = page.getByText('Cannot connect to your app', { exact: false });
    if (await notConnected.count()) {
      throw new Error(`playground could not reach the bot: ${await notConnected.first().innerText()}`);
    }
    const personalChatId = config.personalChat.id;
    const userName = config.currentUser.name;
    const botName = config.bot.name;

    const inChannel = () => session.conversation.kind === 'channel';
    const postButton = page.getByRole('button', { name: 'Post', exact: true });
    /** The compose box of the open conversation (a channel's: "Start a new post"). */
    const composeBox = () =>
      inChannel() ? page.locator(SELECTORS.channelPost).filter({ has: postButton }).locator(SELECTORS.composeBox) : page.locator(SELECTORS.composeBox);
    const bubbles = page.locator(SELECTORS.botMessage);
    /** Cards of the open conversation, and which end of the page order is the newest. */
    const cardsHere = () => (inChannel() ? page.locator(SELECTORS.channelCard) : page.locator(SELECTORS.adaptiveCard));
    const newest = (l: Locator) => (inChannel() ? l.first() : l.last());

    const channelMessages = () => page.evaluate(readChannelInPage, SELECTORS.channelPost);
    const botMessages = async () => (inChannel() ? (await channelMessages()).filter((m) => m.author === botName).map((m) => m.text) : bubbles.allInnerTexts());
    /** Card texts of the bot messages from index `since` on. */
    const botCardTexts = async (since: number) => {
      if (inChannel())
        return (await channelMessages())
          .filter((m) => m.author === botName)
          .slice(since)
          .flatMap((m) => m.cards);
      const n = await bubbles.count();
      const out: string[] = [];
      for (let i = since; i < n; i++) out.push(...(await bubbles.nth(i).locator(SELECTORS.cardInBubble).allInnerTexts()));
      return out;
    };

    const pollFor = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, dump: () => Promise<unknown>) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) {
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what} in ${session.conversation.name}; seen: ${JSON.stringify(await dump(), null, 1)}`,
          );
        }
        await sleep(100);
      }
    };

    const cardFor = async (opts2: CardOptions | undefined, has: Locator): Promise<Locator> => {
      const cards = cardsHere();
      const base = opts2?.cardText !== undefined ? cards.filter({ hasText: toRegExp(opts2.cardText) }) : cards.filter({ has });
      const card = newest(base);
      await card.waitFor({ state: 'visible', timeout: opts2?.timeoutMs ?? 15_000 });
      return card;
    };

    /** Types "@<bot>" and picks the bot in the mention menu. */
    const mentionBot = async (box: Locator) => {
      await page.keyboard.type(`@${botName.slice(0, 4)}`, { delay: 20 });
      await page.locator(SELECTORS.mentionItem).filter({ hasText: botName }).first().click({ timeout: 5000 });
      await box.locator('.mention').filter({ hasText: botName }).waitFor({ timeout: 5000 });
    };

    const resolveConversation = (name: string): OpenConversation => {
      if (name === config.personalChat.name) return { kind: 'personal', id: config.personalChat.id, name };
      const group = config.groupChats.find((g) => g.name === name);
      if (group) return { kind: 'groupChat', id: group.id, name };
      for (const team of config.teams) {
        for (const channel of team.channels) {
          if ([channel.name, `${team.name}/${channel.name}`, `${team.name} - ${channel.name}`].includes(name)) {
            return { kind: 'channel', id: channel.id, name: channel.name, team: team.name };
          }
        }
      }
      const known = [
        config.personalChat.name,
        ...config.groupChats.map((g) => g.name),
        ...config.teams.flatMap((t) => t.channels.map((c) => `${t.name}/${c.name}`)),
      ];
      throw new Error(`no conversation "${name}" in the playground; known: ${known.join(', ')}`);
    };

    const session: ChatSession = {
      page,
      browser,
      context,
      readyMs: 0,
      config,
      conversation: { kind: 'personal', id: personalChatId, name: config.personalChat.name },
      async openConversation(name) {
        const target = resolveConversation(name);
        const label = target.kind === 'channel' ? `${target.team} - ${target.name}` : target.name;
        await page
          .locator(SELECTORS.railItem)
          .and(page.getByRole('treeitem', { name: label, exact: true }))
          .click();
        session.conversation = target;
        if (target.kind === 'channel') await postButton.waitFor({ state: 'visible' });
        else {
          await postButton.waitFor({ state: 'detached' });
          await page.locator(SELECTORS.composeBox).waitFor({ state: 'visible' });
        }
        // Nothing on the page marks the selected conversation; between two chats (or two channels) the
        // markers above do not change, so give React a moment to render the other one.
        await page.evaluate(nextFrames);
        await sleep(250);
        return target;
      },
      openPersonalChat: () => session.openConversation(config.personalChat.name),
      openChannel(channel, team) {
        const t = team ? config.teams.find((x) => x.name === team) : config.teams[0];
        if (!t) throw new Error(`no team "${team}" in the playground`);
        return session.openConversation(`${t.name}/${channel ?? t.channels[0]?.name ?? 'General'}`);
      },
      async send(text, sendOpts = {}) {
        const before = (await botMessages()).length;
        const withMention = sendOpts.mentionBot ?? session.conversation.kind !== 'personal';
        const box = composeBox();
        const normalized = (t: string) => t.replace(/\s+/g, ' ').trim();
        const expected = normalized(withMention ? `${botName} ${text}` : text);
        await box.click();
        if (withMention) await mentionBot(box);
        await page.keyboard.insertText(withMention ? ` ${text}` : text);
        if (normalized(await box.innerText()) !== expected) {
          // fallback: type key by key
          await page.keyboard.press('Control+A');
          await page.keyboard.press('Delete');
          if (withMention) await mentionBot(box);
          await page.keyboard.type(withMention ? ` ${text}` : text, { delay: 5 });
        }
        await page.keyboard.press('Enter');
        await pollFor(
          'the compose box to clear after sending',
          5000,
          async () => ((await box.innerText()).trim() === '' ? true : undefined),
          () => box.innerText(),
        );
        return before;
      },
      botMessageCount: async () => (inChannel() ? (await botMessages()).length : bubbles.count()),
      botMessages,
      channelMessages: async () => (inChannel() ? channelMessages() : []),
      async waitForBotText(match, timeoutMs = 15_000, w = {}) {
        return pollFor(
          `a bot message matching ${describeMatch(match)}`,
          timeoutMs,
          async () => (await botMessages()).slice(w.since ?? 0).find((t) => matches(t, match)),
          async () => (await botMessages()).slice(w.since ?? 0),
        );
      },
      async waitForCardText(match, timeoutMs = 15_000, w = {}) {
        const texts = () => botCardTexts(w.since ?? 0);
        await pollFor(
          `an Adaptive Card matching ${describeMatch(match)}`,
          timeoutMs,
          async () => ((await texts()).some((t) => matches(t, match)) ? true : undefined),
          texts,
        );
        return newest(cardsHere().filter({ hasText: toRegExp(match) }));
      },
      async clickCardButton(title, o) {
        // Action.OpenUrl renders as a button with role "link".
        const button = page.getByRole('button', { name: title, exact: true }).or(page.getByRole('link', { name: title, exact: true }));
        const card = await cardFor(o, button);
        await card
          .getByRole('button', { name: title, exact: true })
          .or(card.getByRole('link', { name: title, exact: true }))
          .first()
          .click({ timeout: o?.timeoutMs ?? 15_000 });
      },
      async fillCardInput(label, value, o) {
        // A required input's label ends with the renderer's " *" marker (aria-hidden, but part of the label's text).
        const inputIn = (root: Page | Locator) =>
          root
            .getByLabel(label, { exact: true })
            .or(root.getByLabel(`${label} *`, { exact: true }))
            .or(root.getByPlaceholder(label, { exact: true }));
        const card = await cardFor(o, inputIn(page));
        await inputIn(card).first().fill(value);
      },
      async selectCardChoice(label, choiceTitle, o) {
        const combo = page.getByRole('combobox', { name: label, exact: true });
        const card = await cardFor(o, combo);
        await card.getByRole('combobox', { name: label, exact: true }).click();
        await page.getByRole('option', { name: choiceTitle, exact: true }).click();
      },
      async setCardToggle(title, checked, o) {
        const box = page.getByRole('checkbox', { name: title, exact: true });
        const card = await cardFor(o, box);
        await card.getByRole('checkbox', { name: title, exact: true }).setChecked(checked);
      },
      async waitForInvokeMessage(match, timeoutMs = 15_000) {
        const bars = page.locator(SELECTORS.invokeMessage);
        return pollFor(
          `an invoke response bar matching ${describeMatch(match)}`,
          timeoutMs,
          async () => (await bars.allInnerTexts()).reverse().find((t) => matches(t, match)),
          () => bars.allInnerTexts(),
        );
      },
      async sendActivity(fields) {
        const base = new URL(url);
        const tpl = await page.request.get(new URL(`/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(personalChatId)}`, base).href);
        if (!tpl.ok()) throw new Error(`custom activity template: HTTP ${tpl.status()} ${await tpl.text()}`);
        const t = (await tpl.json()) as BotActivity;
        const activity: BotActivity = {
          ...t,
          type: 'message',
          from: { ...(t.from as { id: string }), name: userName },
          textFormat: 'plain',
          entities: [{ type: 'clientInfo', locale: fields.locale ?? 'en-US', country: 'US', platform: 'Web' }],
          channelData: { tenant: { id: t.conversation?.tenantId } },
          ...fields,
        };
        const res = await page.request.post(new URL('/_internal/v1/customActivities', base).href, { data: activity });
        if (!res.ok()) throw new Error(`custom activity: HTTP ${res.status()} ${await res.text()}`);
      },
      async logLines() {
        const text = await page.locator('body').innerText();
        const start = text.indexOf('Log Panel');
        return (start >= 0 ? text.slice(start) : text)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => /^\[\d{1,2}:\d{2}:\d{2}/.test(l));
      },
      async screenshot(file) {
        const abs = path.resolve(file);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        await page.screenshot({ path: abs, fullPage: true });
        return abs;
      },
      close,
    };
    session.readyMs = Date.now() - t0;
    return session;
  } catch (e) {
    await close();
    throw e;
  }
}
