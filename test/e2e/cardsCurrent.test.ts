// End to end in the Agents Playground (issue 21 items 2 and 7): a reviewer opens a claim from the review queue and
// approves it there; the card shows Undo for the grace (UNDO_SECONDS), Undo puts the claim back and nothing leaves
// the bot; approved again, the customer e-mail leaves once the grace ends, and every copy of the review card in the
// chat (the one posted for reviewers and the one opened from the queue) then says when it was sent.
// Local default = demo mode: the Playground's one user is partner and reviewer. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  RESULTS,
  answerClaimQuestions,
  clickClaimSummaryButton,
  eventually,
  finishClaimDetails,
  storedClaim,
  waitForInvokeResponse,
  e2eSuite,
} from '../helpers/e2eFlows';
import { testConfig } from '../helpers/testApp';

const CLAIM_NAME = 'Litware Intune';
const POE = Buffer.from('%PDF-1.4\n% CPOR proof of execution (e2e, cards kept current)\n%%EOF\n');
const UNDO_SECONDS = 20;

describe('cards kept current end to end in the Agents Playground: Undo, and the review card after the customer e-mail left', function () {
  this.timeout(240_000);
  const s = e2eSuite({
    config: testConfig({ UNDO_SECONDS: String(UNDO_SECONDS) }),
    viewport: { width: 1400, height: 1600 },
  });
  let claimId = '';

  const reviewCardTexts = async () => (await s.chat.botMessages()).filter((t) => t.includes(`CPOR claim review: ${CLAIM_NAME}`));

  it('a partner submits a claim; the reviewer starts its review from the review queue', async () => {
    await s.chat.openPersonalChat();
    await answerClaimQuestions(s.chat, {
      domain: 'litware.com',
      tenant: '7c2d3e4f-5061-4b72-8c83-a4b5c6d7e8f9',
      workload: ['6. Intune'],
      contact: ['Lena Lit', 'CIO', 'lena@litware.com'],
    });
    await finishClaimDetails(s.chat, CLAIM_NAME, { name: 'sow-litware.pdf', bytes: POE, gotIt: `Got it: sow-litware.pdf (${POE.length} B).` });
    claimId = (await clickClaimSummaryButton(s.chat, 'Submit')).id;
    await s.chat.send('review queue');
    await s.chat.waitForCardText(/Claims waiting for a reviewer/);
    await s.chat.clickCardButton('Start review', { cardText: 'Claims waiting for a reviewer' });
    assert.equal((await waitForInvokeResponse(s.pg, 'review.start')).status, 200);
    // The queue's message now shows the review card; the copy posted for reviewers is updated too.
    await eventually('both copies of the review card under review', async () => {
      const texts = await reviewCardTexts();
      return texts.length === 2 && texts.every((t) => t.includes(`Under review · ${claimId}`)) ? true : undefined;
    });
    assert.equal((await storedClaim(s.app, claimId)).cardCopies?.length, 1, 'the copy opened from the queue is kept');
  });

  it('Approve shows Undo for the grace; Undo puts the claim back and no e-mail leaves', async () => {
    await s.chat.clickCardButton('Approve', { cardText: `Under review · ${claimId}` });
    assert.equal((await waitForInvokeResponse(s.pg, 'review.approve')).status, 200);
    const approved = await s.chat.waitForCardText(/Undo puts the claim back as it was/);
    const text = await approved.innerText();
    assert.match(text, /Approved: takes effect at \d\d:\d\d:\d\d UTC/);
    assert.match(text, /Customer e-mail\s+Not sent yet/);
    assert.ok((await approved.getByRole('button').allInnerTexts()).includes('Undo'), 'the Undo button');
    await approved.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-undo-approve.png'));

    await s.chat.clickCardButton('Undo', { cardText: `Approved · ${claimId}` });
    const undo = await waitForInvokeResponse(s.pg, 'review.undo');
    assert.equal(undo.status, 200);
    assert.match(JSON.stringify(undo.body), /Undone: the approval\. Nothing left the bot\./, 'the clicker is told');
    // Both copies are back under review (the clicked one is then updated like the other, without the line).
    await eventually('both copies back under review', async () => {
      const texts = await reviewCardTexts();
      return texts.length === 2 && texts.every((t) => t.includes(`Under review · ${claimId}`) && !t.includes('Undo')) ? true : undefined;
    });
    const undone = await s.chat.waitForCardText(`Under review · ${claimId}`);
    assert.ok((await undone.getByRole('button').allInnerTexts()).includes('Approve'), 'the review actions are back');
    await undone.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-undo-undone.png'));
    const stored = await storedClaim(s.app, claimId);
    assert.equal(stored.status, 'UnderReview');
    assert.equal(stored.customerNotifiedAt, undefined);
    assert.ok(!stored.notices.some((n) => n.kind === 'customer'), 'the customer e-mail was cancelled');
  });

  it('approved again: after the grace the e-mail leaves and every copy of the card says when', async () => {
    await s.chat.clickCardButton('Approve', { cardText: `Under review · ${claimId}` });
    await eventually('the second approval', async () => ((await storedClaim(s.app, claimId)).status === 'Approved' ? true : undefined));
    const told = await eventually(
      'the customer e-mail sent after the grace',
      async () => {
        const c = await storedClaim(s.app, claimId);
        return c.customerNotifiedAt ? c : undefined;
      },
      (UNDO_SECONDS + 30) * 1000,
    );
    const sent = `Sent ${told.customerNotifiedAt?.slice(0, 10)}`;
    const texts = await eventually(
      'both copies of the card saying the e-mail was sent',
      async () => {
        const all = await reviewCardTexts();
        return all.length === 2 && all.every((t) => t.includes(`Approved · ${claimId}`) && t.includes(sent) && !t.includes('Undo')) ? all : undefined;
      },
      30_000,
    );
    assert.equal(texts.length, 2);
    // The window counts from the grace's end: the partner's message and every card state the same deadline.
    const deadline = /Customer may opt out until\s+(\d{4}-\d\d-\d\d \d\d:\d\d UTC)/.exec(texts[0])?.[1];
    assert.ok(deadline, texts[0]);
    await s.chat.waitForBotText(`was approved. The customer is being notified and can opt out until ${deadline}`);
    const card = await s.chat.waitForCardText(sent);
    await card.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-card-mail-sent.png'));
  });
});
