// End to end, the review flow as people go through it: the real bot, the Microsoft 365 Agents Playground (Teams
// emulation, channel msteams) and headless Chromium. A reviewer makes the team channel "General" the review
// channel, a partner creates a claim with a proof of execution in the personal chat, the review card appears in the
// channel, the reviewer clicks Start review then Approve, and the partner is told each step proactively in the
// personal chat. Local default = demo mode: the playground's one user (Alex Wilber) is partner and reviewer.
// Screenshots land in test-results/.
import { systemClock } from '../../services/clock';
import assert from 'node:assert/strict';
import path from 'node:path';

import type { ReviewChannelRecord } from '../../services/conversationStore';
import { FileStore } from '../../services/fileStore';
import {
  RESULTS,
  answerClaimQuestions,
  clickClaimSummaryButton,
  eventually,
  finishClaimDetails,
  storedClaim,
  waitForInvokeResponse,
  e2eSuite,
  toggleDetails,
} from '../helpers/e2eFlows';

const CUSTOMER_TENANT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const CLAIM_NAME = 'Fabrikam Teams';
const POE_NAME = 'poe-fabrikam.pdf';
const POE = Buffer.from('%PDF-1.4\n% CPOR proof of execution, signed statement of work (e2e)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('review end to end in the Agents Playground: channel card, Approve, partner notices', function () {
  this.timeout(180_000);
  // Tall enough for the whole review card in the channel screenshots.
  const s = e2eSuite({ viewport: { width: 1400, height: 1500 } });
  let claimId = '';

  const claim = () => storedClaim(s.app, claimId);

  /** The bot's answer to the card click with this verb (recorded by the harness's proxy). */
  const invokeResponse = (verb: string) => waitForInvokeResponse(s.pg, verb);

  it('a reviewer makes the General channel the review channel, @mentioning the bot', async () => {
    const channel = await s.chat.openChannel('General');
    assert.equal(channel.kind, 'channel');
    // In a channel send() starts a new post and picks the bot in the @mention menu, as Teams requires.
    await s.chat.send('use this channel for reviews');
    await s.chat.waitForBotText(/This channel now receives the CPOR claims to review/);

    const said = await s.pg.waitForActivity((a) => a.type === 'message' && a.conversation?.conversationType === 'channel');
    assert.equal(said.text, `<at>${s.chat.config.bot.name}</at> use this channel for reviews`);
    assert.deepEqual(said.entities?.find((e) => e.type === 'mention')?.mentioned, { id: s.chat.config.bot.id, name: s.chat.config.bot.name });
    assert.equal((said.channelData as { channel?: { id?: string } }).channel?.id, channel.id);
    assert.match(said.conversation?.id ?? '', new RegExp(`^${channel.id};messageid=\\d+$`), 'a new post is a thread of the channel');

    const { resource } = await s.app.store.containers.conversations.item('review-channel', 'review-channel').read<ReviewChannelRecord>();
    assert.equal(resource?.reference.conversation?.id, channel.id, 'cards go to the channel, not to the thread of that message');
    assert.equal(resource?.setBy.name, s.chat.config.currentUser.name);
  });

  it('a partner creates a claim with a proof of execution in the personal chat and submits it', async () => {
    await s.chat.openPersonalChat();
    await answerClaimQuestions(s.chat, {
      domain: 'fabrikam.com',
      tenant: CUSTOMER_TENANT,
      workload: ['4. Microsoft Teams'],
      contact: ['Jane Doe', 'CIO', 'jane.doe@fabrikam.com'],
    });
    const summary = await finishClaimDetails(s.chat, CLAIM_NAME, { name: POE_NAME, bytes: POE, gotIt: `Got it: ${POE_NAME} (${POE.length} B).` });
    assert.ok((await summary.innerText()).includes(POE_NAME), 'the summary shows the proof of execution');

    claimId = (await clickClaimSummaryButton(s.chat, 'Submit')).id;
    assert.ok(claimId, 'the claim id is in the answer');

    const stored = await claim();
    assert.equal(stored.status, 'Submitted');
    assert.equal(stored.name, CLAIM_NAME);
    assert.equal(stored.poe?.fileName, POE_NAME);
    const file = await new FileStore(s.app.store.containers.files, systemClock).read(stored.poe?.fileId ?? '');
    assert.ok(file?.bytes.equals(POE), 'the stored proof of execution is the attached file, byte for byte');
  });

  it('the review card appears in the channel; the reviewer clicks Start review, then Approve', async () => {
    await s.chat.openChannel('General');
    const card = await s.chat.waitForCardText(`Submitted · ${claimId}`, 20_000);
    const text = await card.innerText();
    for (const expected of [`CPOR claim review: ${CLAIM_NAME}`, 'fabrikam.com', CUSTOMER_TENANT, 'Microsoft Teams', POE_NAME]) {
      assert.ok(text.includes(expected), `the review card shows ${expected}`);
    }
    assert.ok(!text.includes('Jane Doe, CIO'), 'the contacts wait behind "Show details"');
    // Action.Execute renders as a button, Action.OpenUrl as a button with role "link".
    assert.deepEqual(await card.getByRole('button').allInnerTexts(), ['Show details', 'Start review', 'Add a comment']);
    await toggleDetails(s.chat, card, true, claimId);
    assert.ok((await card.innerText()).includes('Jane Doe, CIO'), 'the details show the contacts');
    // Every proof is a link among the facts (a claim may have several); the latest also has its button.
    assert.deepEqual(await card.getByRole('link').allInnerTexts(), [POE_NAME, `Open PoE: ${POE_NAME}`]);
    // A post of its own (a new thread by the bot), not a reply to the "use this channel" message.
    const posts = (await s.chat.channelMessages()).filter((m) => m.text.includes(claimId));
    assert.equal(posts.length, 1);
    assert.equal(posts[0].author, s.chat.config.bot.name);
    assert.equal(posts[0].reply, false);
    await card.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-card-channel.png'));

    // The PoE button opens the bot's signed download link: the reviewer gets the partner's file.
    const [opened, tab] = await Promise.all([
      s.chat.context.waitForEvent('request', { predicate: (r) => r.url().includes('/files/') }),
      s.chat.context.waitForEvent('page'),
      s.chat.clickCardButton(`Open PoE: ${POE_NAME}`, { cardText: claimId }),
    ]);
    const link = opened.url();
    await tab.close();
    assert.ok(link.startsWith(`${s.app.url}/files/`), `PoE link ${link}`);
    const fetched = await fetch(link);
    assert.equal(fetched.status, 200);
    assert.ok(Buffer.from(await fetched.arrayBuffer()).equals(POE), 'the PoE link serves the partner file');

    await s.chat.clickCardButton('Start review', { cardText: claimId });
    const started = await invokeResponse('review.start');
    assert.equal(started.activity.conversation?.conversationType, 'channel', 'clicked on the channel copy');
    assert.equal(started.activity.replyToId, /;messageid=(\d+)$/.exec(started.activity.conversation?.id ?? '')?.[1], "the card is its thread's post");
    assert.equal(started.status, 200);
    assert.equal((started.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', 'the clicked card is replaced');
    const underReview = await s.chat.waitForCardText(`Under review · ${claimId}`);
    assert.deepEqual(await underReview.getByRole('button').allInnerTexts(), ['Show details', 'Approve', 'Reject', 'Request information', 'Add a comment']);

    await s.chat.clickCardButton('Approve', { cardText: claimId });
    const approvedAnswer = await invokeResponse('review.approve');
    assert.equal(approvedAnswer.status, 200);
    const answerBody = approvedAnswer.body as { statusCode?: number; type?: string; value?: unknown };
    assert.equal(answerBody.statusCode, 200);
    assert.equal(answerBody.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(answerBody.value), /Approved by /);
    // The card's last update says the customer e-mail was sent: opened after it, the details stay open.
    const approvedAndSent = new RegExp(`Approved · ${claimId}[\\s\\S]*Customer e-mail\\s*Sent`);
    const approved = await s.chat.waitForCardText(approvedAndSent);
    await toggleDetails(s.chat, approved, true, approvedAndSent);
    const approvedText = await approved.innerText();
    assert.match(approvedText, new RegExp(`Approved by ${s.chat.config.currentUser.name}`));
    assert.match(approvedText, /started the review \(Submitted → Under review\)/);
    assert.match(approvedText, /approved \(Under review → Approved\)/);
    assert.deepEqual(
      await approved.getByRole('button').allInnerTexts(),
      ['Hide details', 'Add a comment'],
      'details open; no more review actions, comments remain',
    );
    assert.deepEqual(await approved.getByRole('link').allInnerTexts(), [POE_NAME, `Open PoE: ${POE_NAME}`]);
    assert.equal((await s.chat.channelMessages()).filter((m) => m.text.includes(claimId)).length, 1, 'still one review card: updated in place');
    await approved.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-approved.png'));

    // Besides the invoke answer, the channel copy is updated through the connector (updateActivity = PUT, which
    // the playground's log shows as "message 200"; new messages are "message 201"), and recorded as delivered.
    // (Only the Teams notices: the customer e-mail of an approval is another channel, not in this test.)
    let notices: unknown;
    const stored = await eventually(
      () => `the card and partner notices delivered; notices: ${JSON.stringify(notices)}`,
      async () => {
        const c = await claim();
        const teams = c.notices.filter((n) => n.kind === 'reviewCard' || n.kind === 'partner');
        notices = c.notices;
        return teams.length > 0 && teams.every((n) => n.deliveredAt) ? c : undefined;
      },
    );
    assert.deepEqual(
      stored.reviewCards.map((p) => p.target),
      ['review-channel'],
    );
    const lastCard = stored.notices.filter((n) => n.kind === 'reviewCard').at(-1);
    assert.equal(lastCard?.version, stored.version, 'the card update for the approval was delivered');
    const updates = (await s.chat.logLines()).filter((l) => /User Application -> Microsoft 365 Agents Playground message 200\b/.test(l));
    assert.ok(updates.length >= 2, `the channel card was updated twice through the connector; log: ${updates.join(' | ')}`);
  });

  it('the partner gets the proactive messages in the personal chat, and the store says Approved', async () => {
    await s.chat.openPersonalChat();
    const startedText = `A Microsoft reviewer started reviewing your claim "${CLAIM_NAME}" (${claimId}).`;
    const approvedText = `Your claim "${CLAIM_NAME}" (${claimId}) was approved.`;
    await s.chat.waitForBotText(startedText);
    const approvedMessage = await s.chat.waitForBotText(approvedText);
    assert.match(approvedMessage, /can opt out until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/, 'the partner is told until when the customer may opt out');
    const messages = await s.chat.botMessages();
    const startedAt = messages.findIndex((m) => m.includes(startedText));
    const approvedAt = messages.findIndex((m) => m.includes(approvedText));
    assert.ok(startedAt >= 0 && startedAt < approvedAt, 'in order: review started, then approved');
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-partner-notices.png'));

    const stored = await claim();
    assert.equal(stored.status, 'Approved');
    assert.equal(stored.version, 3);
    assert.equal(stored.reviewer?.name, s.chat.config.currentUser.name);
    assert.deepEqual(
      stored.history.map((h) => [h.action, h.from, h.to]),
      [
        ['created', undefined, 'Draft'],
        ['submit', 'Draft', 'Submitted'],
        ['startReview', 'Submitted', 'UnderReview'],
        ['approve', 'UnderReview', 'Approved'],
      ],
    );
    assert.deepEqual(
      stored.notices.filter((n) => n.kind === 'partner').map((n) => [n.version, Boolean(n.deliveredAt)]),
      [
        [2, true],
        [3, true],
      ],
    );
  });
});
