// End to end, a claim through the one-card form as a partner goes through it: the real bot, the Microsoft 365
// Agents Playground (Teams emulation) and headless Chromium. "new association", "Fill in one card", the card filled
// in with two mistakes, Submit: the same card comes back with each error under its field and every value kept; the
// two fields corrected on the card, Submit; the summary, the demo sample as proof of execution (the Playground has
// no upload); Submitted, and the review card. Local default = demo mode. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';

import { RESULTS, eventually, storedClaim, waitForInvokeResponse, e2eSuite } from '../helpers/e2eFlows';
import { SAMPLE_POE_NAME } from '../../services/samplePoe';

const FORM = 'New customer association';
const LABELS = {
  partnerId: 'Partner ID of your location (digits)',
  domain: 'Customer domain',
  tenant: 'Customer tenant ID (GUID)',
  name: 'Customer contact: name',
  title: 'Customer contact: job title',
  email: 'Customer contact: e-mail (the customer is told about the association there)',
  partnerName: 'Partner contact: name',
  partnerEmail: 'Partner contact: e-mail',
};

describe('one-card claim form end to end in the Agents Playground: an error corrected on the card, to the review card', function () {
  this.timeout(180_000);
  const s = e2eSuite({ viewport: { width: 1400, height: 2200 } });
  let claimId = '';

  /** The value shown in the form's input with this label (what the person sees in the box). */
  const shown = async (label: string) => (await s.chat.waitForCardText(FORM)).getByLabel(label, { exact: true }).inputValue();
  /** The form is in sections, one open at a time: a person opens the others by their headings ("▸ 2. Workloads"). */
  const openAllSections = async () => {
    const closed = (await s.chat.waitForCardText(FORM)).getByRole('button', { name: /^▸ / });
    while ((await closed.count()) > 0) await closed.first().click();
  };

  it('"new association" offers the form; the partner fills it in with two mistakes and gets them back under their fields', async () => {
    const since = await s.chat.send('new association');
    await s.chat.waitForCardText(/Fill in one card \(button below\), or go step by step/, 15_000, { since });
    await s.chat.clickCardButton('Fill in one card');
    await s.chat.waitForCardText(FORM, 15_000, { since });
    await openAllSections();
    const fill: [string, string][] = [
      [LABELS.partnerId, 'MPN-12'],
      [LABELS.domain, 'https://www.northwind.com/'],
      [LABELS.tenant, '6b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e9'],
      [LABELS.name, 'Nina North'],
      [LABELS.title, 'CIO'],
      [LABELS.email, 'nina@northwind'],
      [LABELS.partnerName, 'Alex Wilber'],
      [LABELS.partnerEmail, 'alex@partner.example'],
    ];
    for (const [label, value] of fill) await s.chat.fillCardInput(label, value, { cardText: FORM });
    // The card names each checkbox by the input's label and its own title (aria-labelledby), so setCardToggle's
    // exact-name lookup does not apply: tick them by their title, as a person reads them.
    const form = await s.chat.waitForCardText(FORM);
    for (const workload of ['Microsoft Teams', 'Intune']) await form.locator(`input[type=checkbox][aria-label="${workload}"]`).check();
    await s.chat.clickCardButton('Check and continue', { cardText: FORM });
    const answer = await waitForInvokeResponse(s.pg, 'claimForm.submit');
    assert.equal(answer.status, 200);

    const card = await s.chat.waitForCardText(/2 fields need a fix/);
    // The section with the first error comes back open; the banner names both fields.
    assert.match(await card.innerText(), /2 fields need a fix: Customer contact: e-mail, Partner ID of your location\./);
    assert.match(await card.innerText(), /▾ 3\. Contacts · 1 to fix[\s\S]*That is not an e-mail address[\s\S]*▸ 4\. Partner and claim · 1 to fix/);
    await card.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-claim-form-errors-banner.png'));
    await openAllSections();
    const text = await card.innerText();
    assert.match(text, /Partner ID of your location \(digits\)[\s\S]*A Partner ID is 4 to 10 digits/);
    assert.match(text, /e-mail \(the customer is told about the association there\)[\s\S]*not an e-mail address/);
    for (const [label, value] of fill) assert.equal(await shown(label), value, `${label} kept as typed`);
    await card.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-claim-form-errors.png'));
  });

  it('corrects the two fields on the same card: the summary and the proof-of-execution question follow', async () => {
    const since = await s.chat.botMessageCount();
    await openAllSections();
    await s.chat.fillCardInput(LABELS.partnerId, '1234567', { cardText: FORM });
    await s.chat.fillCardInput(LABELS.email, 'nina@northwind.com', { cardText: FORM });
    await s.chat.clickCardButton('Check and continue', { cardText: FORM });
    await waitForInvokeResponse(s.pg, 'claimForm.submit', { nth: 1 });
    const summary = await s.chat.waitForCardText(/Your customer association/, 15_000, { since });
    const text = await summary.innerText();
    for (const expected of [
      'OSU Microsoft 365',
      'northwind.com',
      'Microsoft Teams, Intune',
      'Nina North, CIO, nina@northwind.com',
      'northwind.com – Microsoft Teams, Intune',
    ]) {
      assert.ok(text.includes(expected), `the summary shows ${expected}: ${text}`);
    }
    await s.chat.waitForBotText(/Use a sample file \(demo\)/, 15_000, { since });
    await s.chat.screenshot(path.join(RESULTS, 'e2e-claim-form-summary.png'));
  });

  it('the demo sample as proof of execution: Submitted, and the review card', async () => {
    const since = await s.chat.send('Use a sample file (demo)');
    const done = await s.chat.waitForBotText(/Submitted: claim CPOR-/, 15_000, { since });
    claimId = /claim (CPOR-\w+)/.exec(done)?.[1] ?? '';
    const claim = await eventually('the stored claim', async () => (claimId ? storedClaim(s.app, claimId) : undefined));
    assert.deepEqual(
      [claim.status, claim.partnerId, claim.customerDomain, claim.customerContact.email, claim.poe?.fileName],
      ['Submitted', '1234567', 'northwind.com', 'nina@northwind.com', SAMPLE_POE_NAME],
    );
    const review = await s.chat.waitForCardText(`Submitted · ${claimId}`, 20_000);
    assert.match(await review.innerText(), /northwind\.com/);
    await review.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-claim-form-review-card.png'));
  });
});
