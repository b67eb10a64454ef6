// End to end, the reviewers' workspace as a reviewer goes through it: the real bot, the Microsoft 365 Agents
// Playground (Teams emulation) and headless Chromium. A partner submits a claim; a reviewer asks for the review queue
// in the 1:1 chat, starts the review from the queue's row, sees the compact review card (collapsed, then with its
// details, then hidden again), approves, and goes back to the queue from the card. Local default = demo mode: the playground's one user is partner and reviewer.
// Screenshots land in test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  RESULTS,
  answerClaimQuestions,
  clickClaimSummaryButton,
  finishClaimDetails,
  storedClaim,
  waitForInvokeResponse,
  e2eSuite,
  toggleDetails,
} from '../helpers/e2eFlows';

const CLAIM_NAME = 'Northwind Intune';
const POE = Buffer.from('%PDF-1.4\n% CPOR proof of execution (e2e, review queue)\n%%EOF\n');

describe('review queue end to end in the Agents Playground: queue, start review from a row, compact card, approve, back', function () {
  this.timeout(180_000);
  const s = e2eSuite({ viewport: { width: 1400, height: 1500 } });
  let claimId = '';

  it('a partner submits a claim', async () => {
    await s.chat.openPersonalChat();
    await answerClaimQuestions(s.chat, {
      domain: 'northwind.com',
      tenant: '6b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e9',
      workload: ['6. Intune'],
      contact: ['Nina North', 'CIO', 'nina@northwind.com'],
    });
    await finishClaimDetails(s.chat, CLAIM_NAME, { name: 'sow-northwind.pdf', bytes: POE, gotIt: `Got it: sow-northwind.pdf (${POE.length} B).` });
    claimId = (await clickClaimSummaryButton(s.chat, 'Submit')).id;
    assert.equal((await storedClaim(s.app, claimId)).status, 'Submitted');
  });

  it('the reviewer asks for the review queue and sees the claim, waiting 0 business days', async () => {
    await s.chat.send('review queue');
    const queue = await s.chat.waitForCardText(/Claims waiting for a reviewer/);
    const text = await queue.innerText();
    assert.ok(text.includes(CLAIM_NAME) || text.includes(claimId), `the queue lists the claim: ${text}`);
    assert.match(text, /Submitted · waiting 0 business days/);
    assert.match(text, /northwind\.com/);
    await queue.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-queue.png'));
  });

  it('starts the review from the row: the compact card, collapsed then expanded; then approves', async () => {
    await s.chat.clickCardButton('Start review', { cardText: 'Claims waiting for a reviewer' });
    const started = await waitForInvokeResponse(s.pg, 'review.start');
    assert.equal(started.status, 200);
    const card = await s.chat.waitForCardText(`Under review · ${claimId}`);
    const collapsed = await card.innerText();
    for (const fact of ['northwind.com', 'Intune', 'Domain–tenant check']) assert.ok(collapsed.includes(fact), `the decision facts first: ${fact}`);
    assert.ok(!collapsed.includes('Nina North, CIO'), 'contacts wait behind "Show details"');
    await card.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-compact-collapsed.png'));
    const button = (title: string) => card.getByRole('button', { name: title, exact: true });
    assert.ok(await button('Back to queue').isVisible(), 'opened from the queue: the way back');
    await toggleDetails(s.chat, card, true, `Under review · ${claimId}`);
    assert.ok((await card.innerText()).includes('Nina North, CIO'), 'the details show the contacts');
    assert.deepEqual([await button('Show details').isVisible(), await button('Hide details').isVisible()], [false, true]);
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-compact-expanded.png'));
    await toggleDetails(s.chat, card, false, `Under review · ${claimId}`);
    assert.ok(!(await card.innerText()).includes('Nina North, CIO'), 'hidden again');
    assert.deepEqual([await button('Show details').isVisible(), await button('Hide details').isVisible()], [true, false]);

    await s.chat.clickCardButton('Approve', { cardText: `Under review · ${claimId}` });
    const approved = await waitForInvokeResponse(s.pg, 'review.approve');
    assert.equal(approved.status, 200);
    await s.chat.waitForCardText(`Approved · ${claimId}`);
    assert.equal((await storedClaim(s.app, claimId)).status, 'Approved');
  });

  it('Back to queue on the approved card shows the queue again in its place, without the approved claim', async () => {
    await s.chat.clickCardButton('Back to queue', { cardText: `Approved · ${claimId}` });
    const back = await waitForInvokeResponse(s.pg, 'review.queue');
    assert.equal(back.status, 200);
    const queue = await s.chat.waitForCardText(/Claims waiting for a reviewer/);
    assert.ok(!(await queue.innerText()).includes(claimId), 'approved: no longer waiting');
    await queue.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-review-back-to-queue.png'));
  });
});
