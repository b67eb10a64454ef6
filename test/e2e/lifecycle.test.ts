// End to end, the claim life cycle after review as people meet it: the real bot, the Microsoft 365 Agents Playground
// (Teams emulation, channel msteams) and headless Chromium.
//
// 1. A partner creates a claim with a proof of execution in the personal chat and a reviewer approves it on the
//    review card (local default = demo mode without a review channel: the card goes to the claim's author, the
//    playground's one user). The customer e-mail lands in the local outbox as an .eml; the customer opens its
//    opt-out link in Chromium and clicks "Decline association"; the partner is told in the Playground and the claim
//    is Rejected.
// 2. The opt-out window is a setting fixed at approval, and the link works only before the deadline: the first
//    part needs a window (OPT_OUT_BUSINESS_DAYS 5, the default), the second none. So the bot is restarted on the
//    same data and port with OPT_OUT_BUSINESS_DAYS=0 (the deadline is the approval instant), as an operator would
//    for a demo; the Playground chat stays open. A second claim is approved, the scheduler (every second) finds its
//    deadline passed, makes it Official and the partner reads "... is now official" in the Playground.
// Screenshots land in test-results/.
import assert from 'node:assert/strict';
import { skipBecause } from '../helpers/skip';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { RESULTS, createClaim, escape, eventually, storedClaim, waitForInvokeResponse, type ClaimAnswers, e2eSuite } from '../helpers/e2eFlows';
import { startTestApp, testConfig } from '../helpers/testApp';
import type { ChatSession } from '../helpers/playground';

interface ClaimInput extends ClaimAnswers {
  name: string;
  /** Typed as the answer to the workloads question. */
  workload: string;
  poeName: string;
}

const DECLINED: ClaimInput = {
  name: 'Fabrikam Teams',
  domain: 'fabrikam.com',
  tenant: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  workload: 'Microsoft Teams',
  contact: ['Jane Doe', 'CIO', 'jane.doe@fabrikam.com'],
  poeName: 'sow-fabrikam.pdf',
};
const OFFICIAL: ClaimInput = {
  name: 'Tailspin Intune',
  domain: 'tailspintoys.com',
  tenant: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  workload: 'Intune',
  contact: ['Mark Lee', 'CTO', 'mark.lee@tailspintoys.com'],
  poeName: 'sow-tailspin.pdf',
};

const pdf = (what: string) => Buffer.from(`%PDF-1.4\n% CPOR proof of execution: ${what} (e2e)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

/** A MIME part's body, quoted-printable decoded (soft line breaks "=\r\n", then "=XX" bytes), as UTF-8. */
function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

interface Eml {
  file: string;
  headers: string;
  text: string;
  html: string;
}

/** Reads an .eml of the local outbox: its headers and its text/plain and text/html parts, decoded. */
function readEml(file: string): Eml {
  const raw = fs.readFileSync(file, 'latin1');
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const boundary = /boundary="([^"]+)"/.exec(headers)?.[1];
  assert.ok(boundary, `${file} is multipart`);
  const parts = raw.split(`--${boundary}`).slice(1, -1);
  const part = (type: string) => {
    const p = parts.find((x) => new RegExp(`^\\r\\nContent-Type: ${type};`, 'i').test(x));
    assert.ok(p, `${file} has a ${type} part`);
    assert.match(p, /Content-Transfer-Encoding: quoted-printable/i);
    return decodeQuotedPrintable(p.slice(p.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, ''));
  };
  return { file, headers, text: part('text/plain'), html: part('text/html') };
}

/** Creates and submits a claim through the dialog in the personal chat, the proof of execution attached. */
const submitClaim = (chat: ChatSession, c: ClaimInput, poe: Buffer) => createClaim(chat, c, 'Submit', { name: c.poeName, bytes: poe });

describe('claim life cycle end to end in the Agents Playground: customer e-mail, opt-out page, official', function () {
  this.timeout(240_000);
  let customer: BrowserContext;
  const s = e2eSuite({ config: testConfig({ SCHEDULER_INTERVAL_SECONDS: '1' }), viewport: { width: 1400, height: 1400 } }, () => [customer]);
  const ids: Record<string, string> = {};
  let optOutLink = '';

  const claim = (id: string) => storedClaim(s.app, id);

  /** The bot's answer to the card click with this verb on this claim (recorded by the harness's proxy). */
  const invokeResponse = (verb: string, id: string) => waitForInvokeResponse(s.pg, verb, { claimId: id });

  /** The reviewer's part, on the review card the bot posted in the personal chat (demo mode, no review channel). */
  async function review(c: ClaimInput): Promise<void> {
    const id = ids[c.name];
    const card = await s.chat.waitForCardText(`Submitted · ${id}`, 20_000);
    assert.ok((await card.innerText()).includes(`CPOR claim review: ${c.name}`));
    await s.chat.clickCardButton('Start review', { cardText: `Submitted · ${id}` });
    assert.equal((await invokeResponse('review.start', id)).status, 200);
    await s.chat.waitForCardText(`Under review · ${id}`);
    await s.chat.clickCardButton('Approve', { cardText: `Under review · ${id}` });
    const approved = await invokeResponse('review.approve', id);
    assert.equal((approved.body as { statusCode?: number }).statusCode, 200);
    assert.match(JSON.stringify((approved.body as { value?: unknown }).value), /Approved by /);
  }

  /** The customer e-mails in the outbox, decoded, newest last. */
  const outbox = () => {
    const dir = s.app.config.mailOutboxDir;
    return fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.eml'))
          .sort()
          .map((f) => readEml(path.join(dir, f)))
      : [];
  };
  const mailTo = (address: string) => outbox().find((m) => new RegExp(`^To: ${escape(address)}$`, 'm').test(m.headers));
  const linkIn = (mail: Eml) => /(https?:\/\/[^\s"<>]+\/optout\/[^\s"<>]+)/.exec(mail.text)?.[1];

  before(async () => {
    assert.equal(s.app.config.optOutBusinessDays, 5, 'the first claim gets the default window');
    customer = await s.browser.newContext({ viewport: { width: 1000, height: 900 } });
  });

  it('a partner creates a claim with a proof of execution, and a reviewer approves it on the review card', async () => {
    ids[DECLINED.name] = await submitClaim(s.chat, DECLINED, pdf(DECLINED.name));
    await review(DECLINED);
    const id = ids[DECLINED.name];
    await s.chat.waitForCardText(`Approved · ${id}`);
    const approvedText = await s.chat.waitForBotText(`Your claim "${DECLINED.name}" (${id}) was approved.`);
    assert.match(approvedText, /can opt out until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    await s.chat.screenshot(path.join(RESULTS, 'e2e-lifecycle-approved.png'));

    const stored = await claim(id);
    assert.equal(stored.status, 'Approved');
    const window = Date.parse(stored.optOutDeadline ?? '') - Date.now();
    assert.ok(window > 4 * 86400_000, `5 business days to opt out (deadline ${stored.optOutDeadline})`);
  });

  it('the customer e-mail is in the outbox, with the opt-out link', async () => {
    const mail = await eventually('the customer e-mail in the outbox', async () => mailTo(DECLINED.contact[2]));
    assert.match(mail.headers, new RegExp(`^Subject: Microsoft partner association request for ${escape(DECLINED.domain)}$`, 'm'));
    for (const expected of [DECLINED.tenant, DECLINED.workload, '1234567']) {
      assert.ok(mail.text.includes(expected), `the e-mail says ${expected}`);
    }
    optOutLink = linkIn(mail) ?? '';
    assert.ok(optOutLink.startsWith(`${s.app.url}/optout/`), `the opt-out link points at the bot: ${optOutLink}`);
    assert.ok(mail.html.includes(`href="${optOutLink}"`), 'the HTML part links the same address');

    // What the customer sees in their mail client.
    const page = await customer.newPage();
    await page.setContent(mail.html);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-lifecycle-email.png'), fullPage: true });
    await page.close();
  });

  it('the customer opens the link in Chromium and declines: the partner is told in the Playground, the claim is Rejected', async () => {
    const id = ids[DECLINED.name];
    const page = await customer.newPage();
    const opened = await page.goto(optOutLink);
    assert.equal(opened?.status(), 200);
    await page.getByRole('heading', { name: 'A Microsoft partner asked to be associated with your organisation' }).waitFor();
    const text = await page.locator('main').innerText();
    for (const expected of [DECLINED.domain, DECLINED.tenant, DECLINED.workload, 'You can decline until']) {
      assert.ok(text.includes(expected), `the opt-out page shows ${expected}`);
    }
    await page.screenshot({ path: path.join(RESULTS, 'e2e-lifecycle-optout.png'), fullPage: true });
    assert.equal((await claim(id)).status, 'Approved', 'opening the page changes nothing');

    // The button asks first: "Decline the association with <partner>?", Decline or Keep.
    await page.getByRole('button', { name: 'Decline association', exact: true }).click();
    await page.getByRole('heading', { name: /^Decline the association with .+\?$/ }).waitFor();
    assert.equal((await claim(id)).status, 'Approved', 'asking changes nothing');
    const [declined] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === optOutLink),
      page.getByRole('button', { name: 'Decline', exact: true }).click(),
    ]);
    assert.equal(declined.status(), 200);
    await page.getByRole('heading', { name: 'Association declined' }).waitFor();
    assert.match(await page.locator('main').innerText(), /You declined the association\. The partner will be told\./);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-lifecycle-optout-declined.png'), fullPage: true });
    await page.close();

    await s.chat.waitForBotText(`The customer declined the association of your claim "${DECLINED.name}" (${id}); it is rejected.`);
    await s.chat.waitForCardText(`Rejected, final · ${id}`); // the customer's decision cannot be disputed
    await s.chat.screenshot(path.join(RESULTS, 'e2e-lifecycle-declined-partner.png'));

    const stored = await claim(id);
    assert.equal(stored.status, 'Rejected');
    const last = stored.history.at(-1);
    assert.deepEqual([last?.action, last?.from, last?.to, last?.reason], ['customerDecline', 'Approved', 'Rejected', 'Customer declined']);
  });

  it('restarted with OPT_OUT_BUSINESS_DAYS=0, a second approved claim becomes official at the next scheduler pass; the partner reads it in the Playground', async () => {
    // Same data, same address: the Playground (and its proxy) keep talking to the same endpoint.
    const { url } = s.app;
    const { dataDir } = s.app.config;
    await s.app.close();
    s.app = await startTestApp(testConfig({ DATA_DIR: dataDir, PORT: new URL(url).port, SCHEDULER_INTERVAL_SECONDS: '1', OPT_OUT_BUSINESS_DAYS: '0' }));
    assert.equal(s.app.url, url);
    assert.equal((await claim(ids[DECLINED.name])).status, 'Rejected', 'the data survived the restart');

    ids[OFFICIAL.name] = await submitClaim(s.chat, OFFICIAL, pdf(OFFICIAL.name));
    const id = ids[OFFICIAL.name];
    await review(OFFICIAL);
    const official = await s.chat.waitForBotText(
      new RegExp(`Your association with tenant ${OFFICIAL.tenant} for ${OFFICIAL.workload} is now official \\("${escape(OFFICIAL.name)}", ${id}\\)\\.`),
      15_000,
    );
    await s.chat.waitForCardText(`Official · ${id}`);
    const messages = await s.chat.botMessages();
    const approvedAt2 = messages.findIndex((m) => m.includes(`Your claim "${OFFICIAL.name}" (${id}) was approved.`));
    assert.ok(approvedAt2 >= 0 && approvedAt2 < messages.indexOf(official), 'the partner is told: approved, then official');
    await s.chat.screenshot(path.join(RESULTS, 'e2e-lifecycle-official.png'));

    const stored = await claim(id);
    assert.equal(stored.status, 'Official');
    const approve = stored.history.find((h) => h.action === 'approve');
    // A zero window: the deadline is the approval instant, or the e-mail's if it left later (the window counts from it).
    assert.ok(
      [approve?.at, stored.customerNotifiedAt].includes(stored.optOutDeadline),
      `a zero window: the deadline (${stored.optOutDeadline}) is the approval (${approve?.at}) or the e-mail (${stored.customerNotifiedAt})`,
    );
    const last = stored.history.at(-1);
    assert.deepEqual([last?.action, last?.from, last?.to, last?.by.id], ['makeOfficial', 'Approved', 'Official', 'system']);
  });

  it("with a zero window the customer's opt-out link has expired by the time it is opened", async function () {
    const id = ids[OFFICIAL.name];
    await eventually('every notice of the second claim settled', async () =>
      (await claim(id)).notices.every((n) => n.deliveredAt || n.failedAt) ? true : undefined,
    );
    // The e-mail leaves only while the claim is still Approved: with a zero window a scheduler pass may promote the
    // claim before the delivery takes the customer notice, and then no e-mail is written (see the report).
    const sent = s.app.logs().some((l) => l.msg === 'customer notice sent' && l.claimId === id);
    const mail = mailTo(OFFICIAL.contact[2]);
    assert.equal(Boolean(mail), sent, 'an .eml exactly when the log says the customer notice was sent');
    if (!mail) skipBecause(this, 'a scheduler pass promoted the claim before the customer e-mail was written (zero window): no link to open');
    const link = linkIn(mail) ?? '';
    assert.ok(link.startsWith(`${s.app.url}/optout/`), `the opt-out link: ${link}`);
    const page = await customer.newPage();
    const opened = await page.goto(link);
    assert.equal(opened?.status(), 410);
    await page.getByRole('heading', { name: 'Link expired' }).waitFor();
    assert.match(await page.locator('main').innerText(), /This link has expired \(the opt-out period ended on .+\)\./);
    assert.equal(await page.getByRole('button', { name: 'Decline association' }).count(), 0, 'nothing to decline');
    await page.screenshot({ path: path.join(RESULTS, 'e2e-lifecycle-optout-expired.png'), fullPage: true });
    await page.close();
    assert.equal((await claim(id)).status, 'Official');
  });
});
