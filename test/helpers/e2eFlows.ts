// What the end-to-end tests (test/e2e) share: the bot + Chromium + Agents Playground session, waiting for things
// (a condition, the bot's answer to a card click, a stored claim) and the new-claim dialog in the personal chat.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import type { Claim } from '../../services/domain/claim';
import type { Config } from '../../services/config';
import { launchChromium, openChat, startPlayground, type BotResponse, type ChatSession, type Playground } from './playground';
import { startTestApp } from './testApp';
import { eventually as poll, type What } from './until';

/** Where the screenshots land (the repository's test-results/, from dist/test/<folder>/). */
export const RESULTS = path.resolve(__dirname, '..', '..', '..', 'test-results');

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Polls through the page (Chromium, the Playground): a little less often than the in-process waits. */
export const eventually = <T>(what: What, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => poll(what, probe, timeoutMs, 50);

// ---------------------------------------------------------------------------------------------------------------
// The session: the bot, headless Chromium, the Playground and its personal chat.

type Closable = { close(): Promise<void> } | undefined;

export interface E2eSession {
  app: TestApp;
  browser: Browser;
  pg: Playground;
  chat: ChatSession;
}

/**
 * Starts the bot (the local default, which runs in demo mode), headless Chromium, the Playground in front of the bot
 * and its personal chat, and waits for the welcome card. If a step fails, what had started is closed again.
 */
export async function startE2eSession(opts: { config?: Config; viewport: { width: number; height: number } }): Promise<E2eSession> {
  const s: Partial<E2eSession> = {};
  try {
    s.app = await startTestApp(opts.config);
    assert.ok(s.app.demoMode, 'the local default runs in demo mode');
    s.browser = await launchChromium();
    s.pg = await startPlayground({ botEndpoint: `${s.app.url}/api/messages` });
    s.chat = await openChat(s.pg.url, { browser: s.browser, viewport: opts.viewport });
    await s.chat.waitForCardText(/Welcome to CPOR Assistant/, 20_000);
    return s as E2eSession;
  } catch (err) {
    await closeE2eSession(s);
    throw err;
  }
}

/** Closes what of a session started: the chat, then the other browser contexts given, Chromium, the Playground, the bot. */
export async function closeE2eSession(s: Partial<E2eSession>, ...contexts: Closable[]): Promise<void> {
  await s.chat?.close();
  for (const context of contexts) await context?.close();
  await s.browser?.close();
  await s.pg?.stop();
  await s.app?.close();
}

/**
 * The session of a describe whose steps build on each other, for its tests to read (`s.chat`, `s.app`; a test may
 * replace `s.app` with a restarted bot): started before them, closed after them with the browser contexts
 * `alsoClose` gives, and the steps after a failure skipped rather than failing for the same reason.
 */
export function e2eSuite(opts: { config?: Config; viewport: { width: number; height: number } }, alsoClose: () => Closable[] = () => []): E2eSession {
  const session = {} as E2eSession;
  skipRestAfterFailure();
  before(async () => {
    Object.assign(session, await startE2eSession(opts));
  });
  after(() => closeE2eSession(session, ...alsoClose()));
  return session;
}

/** In a describe whose steps build on each other: after a failure the rest is skipped rather than failing for the same reason. */
export function skipRestAfterFailure(): void {
  let broken = false;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });
}

/**
 * Clicks "Show details" (or "Hide details") on a card and waits until the card has toggled (the other button is
 * shown). The details are rendered after the click returns, and a card the bot updates meanwhile (a notice sent) is
 * rendered afresh, collapsed: then the click is made again on the new one.
 */
export async function toggleDetails(chat: ChatSession, card: Locator, show: boolean, cardText: string | RegExp): Promise<void> {
  const [from, to] = show ? ['Show details', 'Hide details'] : ['Hide details', 'Show details'];
  const toggled = card.getByRole('button', { name: to, exact: true });
  await eventually(`"${to}" on the card after clicking "${from}"`, async () => {
    if (!(await toggled.isVisible())) await chat.clickCardButton(from, { cardText });
    return toggled.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => undefined,
    );
  });
}

/** The claim with this id as stored, read from the bot's store. */
export async function storedClaim(app: TestApp, id: string): Promise<Claim> {
  const { resources } = await app.store.containers.associations.items
    .query<Claim>({ query: 'SELECT * FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: id }] })
    .fetchAll();
  assert.equal(resources.length, 1, `claim ${id} stored once`);
  return resources[0];
}

/**
 * The bot's answer to a card click with this verb (recorded by the harness's proxy): the `nth` such click, counting
 * only the clicks on the claim `claimId` when it is given.
 */
export function waitForInvokeResponse(pg: Playground, verb: string, opts: { claimId?: string; nth?: number } = {}): Promise<BotResponse> {
  const { claimId, nth = 0 } = opts;
  return eventually(
    `the bot's answer to ${verb}${claimId === undefined ? '' : ` on ${claimId}`}`,
    async () =>
      pg.responses.filter((r: BotResponse) => {
        const action = (r.activity.value as { action?: { verb?: string; data?: { claimId?: string } } })?.action;
        return r.activity.name === 'adaptiveCard/action' && action?.verb === verb && (claimId === undefined || action.data?.claimId === claimId);
      })[nth],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The new-claim dialog in the personal chat, in three steps: the questions, the proof of execution and the name,
// then the summary card's button.

export interface ClaimAnswers {
  domain: string;
  tenant: string;
  /** A string is typed as the answer to the workloads question; a list is ticked on the workloads card (by label, "4. Microsoft Teams"). */
  workload: string | readonly string[];
  contact: readonly [name: string, title: string, email: string];
  /** The partner contact's name when the bot does not offer the user themselves (default: the chat's current user). */
  partnerName?: string;
}

/** "new association" and the answers up to the question for the proof of execution. */
export async function answerClaimQuestions(chat: ChatSession, c: ClaimAnswers): Promise<void> {
  let since = await chat.send('new association');
  await chat.waitForBotText(/Which solution area/, 15_000, { since });
  since = await chat.botMessageCount();
  await chat.clickCardButton('Microsoft 365');
  await chat.waitForBotText(/Partner ID/, 15_000, { since });
  const answers: [string, RegExp][] = [
    ['1234567', /customer's domain/],
    [c.domain, /tenant ID/],
    [c.tenant, /Which Microsoft 365 workloads/],
  ];
  if (typeof c.workload === 'string') answers.push([c.workload, /Customer contact: their name, job title and e-mail/]);
  for (const [answer, next] of answers) {
    since = await chat.send(answer);
    await chat.waitForBotText(next, 15_000, { since });
  }
  if (typeof c.workload !== 'string') {
    since = await chat.botMessageCount();
    for (const label of c.workload) await chat.setCardToggle(label, true, { cardText: 'Workloads' });
    await chat.clickCardButton('Use these workloads');
    await chat.waitForBotText(/Customer contact: their name, job title and e-mail/, 15_000, { since });
  }
  // After the customer contact the partner contact is asked (offering the user, or by name): wait for that question
  // itself, not any message, before choosing how to answer it.
  let partnerQuestion = '';
  for (const [i, answer] of c.contact.entries()) {
    since = await chat.send(answer);
    partnerQuestion = await chat.waitForBotText(i === c.contact.length - 1 ? /Partner contact/ : /./, 15_000, { since });
  }
  if (/shall I use you/.test(partnerQuestion)) {
    since = await chat.botMessageCount();
    await chat.clickCardButton('Yes');
  } else {
    since = await chat.send(c.partnerName ?? chat.config.currentUser.name);
    await chat.waitForBotText(/e-mail/, 15_000, { since });
    since = await chat.send('alex@partner.example');
  }
  await chat.waitForBotText(/Attach the proof of execution/, 15_000, { since });
}

export interface ProofOfExecution {
  name: string;
  bytes: Buffer;
  /** What the bot says on receiving it (default "Got it: <name>"). */
  gotIt?: string;
}

/** The proof of execution (attached, or "later" without one), the claim's name and no comments: the summary card. */
export async function finishClaimDetails(chat: ChatSession, name: string, poe?: ProofOfExecution): Promise<Locator> {
  let since: number;
  if (poe) {
    // The playground's Teams UI has no file upload ("+" opens message extensions): the file comes as Teams and
    // the Emulator send one, an attachment in a message, here inline as a data: URL.
    since = await chat.botMessageCount();
    await chat.sendActivity({
      text: '',
      attachments: [{ contentType: 'application/pdf', name: poe.name, contentUrl: `data:application/pdf;base64,${poe.bytes.toString('base64')}` }],
    });
    await chat.waitForBotText(poe.gotIt ?? `Got it: ${poe.name}`, 15_000, { since });
  } else {
    since = await chat.send('later');
  }
  await chat.waitForBotText(/Give the claim a name/, 15_000, { since });
  since = await chat.send(name);
  await chat.waitForBotText(/comments for the reviewer/, 15_000, { since });
  since = await chat.send('none');
  return chat.waitForCardText(/Your customer association/, 15_000, { since });
}

/** Clicks Submit or Save as Draft on the summary card: the bot's answer and the claim id in it ('' if none). */
export async function clickClaimSummaryButton(chat: ChatSession, button: 'Submit' | 'Save as Draft'): Promise<{ text: string; id: string }> {
  const since = await chat.botMessageCount();
  await chat.clickCardButton(button, { cardText: 'Your customer association' });
  const text = await chat.waitForBotText(button === 'Submit' ? /Submitted: claim CPOR-/ : /Saved as a Draft: claim CPOR-/, 15_000, { since });
  return { text, id: /claim (CPOR-\w+)/.exec(text)?.[1] ?? '' };
}

/** The whole dialog: creates a claim and submits it or saves it as a Draft; its id. */
export async function createClaim(
  chat: ChatSession,
  c: ClaimAnswers & { name: string },
  button: 'Submit' | 'Save as Draft',
  poe?: ProofOfExecution,
): Promise<string> {
  await answerClaimQuestions(chat, c);
  await finishClaimDetails(chat, c.name, poe);
  const { text, id } = await clickClaimSummaryButton(chat, button);
  assert.ok(id, `the claim id is in "${text}"`);
  return id;
}
