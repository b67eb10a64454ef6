// End to end, managing associations as a partner does it: the real bot, the Microsoft 365 Agents Playground (Teams
// emulation, channel msteams) and headless Chromium. In the personal chat the partner creates two claims (proof of
// execution "later", so they stay Drafts), says "my associations", clicks a row of the list card (a Container with
// a selectAction: Action.Execute claim.open), gets the claim's detail card in its place, opens "Withdraw /
// disassociate", gives the reason and confirms; the bot says the claim was withdrawn and the detail card shows it
// Rejected; "Back to the list" lists it so. Local default = demo mode: the playground's one user (Alex Wilber) is
// an Incentives admin. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { RESULTS, createClaim, escape, storedClaim, waitForInvokeResponse, type ClaimAnswers, e2eSuite } from '../helpers/e2eFlows';
import type { ChatSession } from '../helpers/playground';

const REASON = 'Signed with the wrong customer tenant; we will claim it again with the right one.';

interface DraftInput extends ClaimAnswers {
  name: string;
  /** Typed as the answer to the workloads question. */
  workload: string;
}

const FIRST: DraftInput = {
  name: 'Contoso Teams',
  domain: 'contoso.com',
  tenant: '6b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8',
  workload: 'Microsoft Teams',
  contact: ['Jane Doe', 'CIO', 'jane.doe@contoso.com'],
};
const SECOND: DraftInput = {
  name: 'Northwind Intune',
  domain: 'northwind.com',
  tenant: '0d9e8f7a-6b5c-4d3e-a2f1-0e9d8c7b6a59',
  workload: 'Intune',
  contact: ['Nancy Davolio', 'IT manager', 'nancy@northwind.com'],
};

/** Creates a claim through the dialog in the personal chat, proof of execution "later", saved as a Draft. */
const createDraft = (chat: ChatSession, c: DraftInput) => createClaim(chat, c, 'Save as Draft');

describe('managing associations end to end in the Agents Playground: list, open, withdraw', function () {
  this.timeout(180_000);
  // Tall enough for the whole detail card in the screenshots.
  const s = e2eSuite({ viewport: { width: 1400, height: 1400 } });
  const ids: Record<string, string> = {};

  const claim = (id: string) => storedClaim(s.app, id);

  /** The bot's answer to the n-th card click with this verb (recorded by the harness's proxy). */
  const invokeResponse = (verb: string, nth = 0) => waitForInvokeResponse(s.pg, verb, { nth });

  /** The list card; its rows as "name (id)" → the line under it. */
  const listRows = async (card: Locator) => {
    const rows = card.locator('.ac-selectable[role="button"]');
    const out: Record<string, string> = {};
    for (const row of await rows.all())
      out[(await row.getAttribute('aria-label')) ?? ''] = (await row.innerText()).split('\n').filter(Boolean).slice(1).join(' ');
    return out;
  };

  /**
   * The detail card of a claim in a status: its text starts with the claim name, then "<status> · <id>" (`\s*`:
   * waitForCardText matches innerText, the locator it returns textContent, which has no line breaks).
   */
  const detailCard = (c: DraftInput, status: string) => new RegExp(`^\\s*${escape(c.name)}\\s*${status} · ${ids[c.name]}`);

  it('a partner creates two claims in the personal chat and keeps them as Drafts', async () => {
    for (const c of [FIRST, SECOND]) {
      ids[c.name] = await createDraft(s.chat, c);
      const stored = await claim(ids[c.name]);
      assert.equal(stored.status, 'Draft');
      assert.equal(stored.name, c.name);
      assert.deepEqual(stored.workloads, [c.workload]);
    }
  });

  it('"my associations" shows the list card with both claims', async () => {
    const since = await s.chat.send('my associations');
    const list = await s.chat.waitForCardText(/Your organisation's associations/, 15_000, { since });
    const rows = await listRows(list);
    for (const c of [FIRST, SECOND]) {
      const row = rows[`${c.name} (${ids[c.name]})`];
      assert.ok(row, `a row for ${c.name}; rows: ${JSON.stringify(rows)}`);
      assert.match(row, new RegExp(`^Draft · ${escape(c.domain)} · ${c.workload} · Usage · changed \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC$`));
    }
    assert.equal(Object.keys(rows).length, 2, 'only the two claims of this organisation');
    for (const filter of ['Status', 'Solution area', 'Activity', 'Workload / product']) {
      assert.equal(await list.getByRole('combobox', { name: filter }).count(), 1, `a ${filter} filter`);
    }
    assert.deepEqual(await list.getByRole('button', { name: 'Apply filters', exact: true }).count(), 1);
    await list.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-manage-list.png'));
  });

  it("clicking a row of the list opens the claim's detail card in its place", async () => {
    const id = ids[FIRST.name];
    const list = await s.chat.waitForCardText(/Your organisation's associations/);
    // As a person would: click the claim's name in its row (the row is the Container with the selectAction).
    await list.getByText(`${FIRST.name} (${id})`, { exact: true }).click();
    const opened = await invokeResponse('claim.open');
    // The list card's filter inputs travel along (Action.Execute merges a card's inputs); the claim is what matters.
    const openedData = (opened.activity.value as { action: { data: { claimId?: string; partnerTenantId?: string } } }).action.data;
    assert.deepEqual({ claimId: openedData.claimId, partnerTenantId: openedData.partnerTenantId }, { claimId: id, partnerTenantId: s.chat.config.tenantId });
    assert.equal(opened.status, 200);
    assert.equal((opened.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', 'the list card is replaced by the detail card');
    await s.chat.waitForInvokeMessage('Your response was sent to the app');

    const detail = await s.chat.waitForCardText(detailCard(FIRST, 'Draft'));
    const text = await detail.innerText();
    for (const expected of ['OSU Microsoft 365', FIRST.domain, FIRST.tenant, FIRST.workload, `${FIRST.contact[0]}, ${FIRST.contact[1]}`, 'History']) {
      assert.ok(text.includes(expected), `the detail card shows ${expected}`);
    }
    assert.match(text, new RegExp(`${escape(s.chat.config.currentUser.name)}: created`));
    const buttons = await detail.getByRole('button').allInnerTexts();
    assert.ok(buttons.includes('Withdraw / disassociate'), `an Incentives admin may withdraw a Draft; buttons: ${buttons.join(', ')}`);
    assert.ok(buttons.includes('Back to the list'), `buttons: ${buttons.join(', ')}`);
    assert.ok(!(await s.chat.botMessages()).some((m) => m.includes("Your organisation's associations")), 'the list card was replaced, not kept');
    await detail.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-manage-detail.png'));
  });

  it('"Withdraw / disassociate" with a reason withdraws it: the bot confirms and the detail card says Rejected', async () => {
    const id = ids[FIRST.name];
    const cardText = detailCard(FIRST, 'Draft');
    await s.chat.clickCardButton('Withdraw / disassociate', { cardText });
    await s.chat.fillCardInput('Reason (required; the reviewer sees it)', REASON, { cardText });
    const form = await s.chat.waitForCardText(cardText);
    await form.getByRole('button', { name: 'Withdraw the association', exact: true }).scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-manage-withdraw-form.png'));

    const since = await s.chat.botMessageCount();
    await s.chat.clickCardButton('Withdraw the association', { cardText });
    const withdrawn = await invokeResponse('claim.withdraw');
    const sent = (withdrawn.activity.value as { action: { data: Record<string, unknown> } }).action.data;
    assert.equal(sent.claimId, id);
    assert.equal(sent['claim.withdraw'], REASON, 'the reason typed in the card reaches the bot (input named after its verb)');
    assert.equal(withdrawn.status, 200);
    assert.equal((withdrawn.body as { type?: string }).type, 'application/vnd.microsoft.card.adaptive', 'the updated detail card');
    await s.chat.waitForBotText(`"${FIRST.name}" was withdrawn. The customer will not be contacted again.`, 15_000, { since });

    const detail = await s.chat.waitForCardText(detailCard(FIRST, 'Rejected, final'));
    const text = await detail.innerText();
    assert.match(text, new RegExp(`${escape(s.chat.config.currentUser.name)}: withdrew \\(Draft → Rejected\\)`));
    assert.ok(text.includes(REASON), 'the history shows the reason');
    const buttons = await detail.getByRole('button').allInnerTexts();
    assert.ok(!buttons.includes('Withdraw / disassociate'), `a Rejected claim cannot be withdrawn again; buttons: ${buttons.join(', ')}`);
    assert.ok(buttons.includes('Back to the list'));
    await detail.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-manage-withdrawn.png'));

    const stored = await claim(id);
    assert.equal(stored.status, 'Rejected');
    const last = stored.history.at(-1);
    assert.deepEqual([last?.action, last?.from, last?.to, last?.reason, last?.comment], ['withdraw', 'Draft', 'Rejected', 'Partner request', REASON]);
    assert.equal(last?.by.name, s.chat.config.currentUser.name);
    assert.equal((await claim(ids[SECOND.name])).status, 'Draft', 'the other claim is untouched');
  });

  it('"Back to the list" shows the withdrawn claim as Rejected and the other still a Draft', async () => {
    await s.chat.clickCardButton('Back to the list', { cardText: detailCard(FIRST, 'Rejected, final') });
    await invokeResponse('claim.list');
    const list = await s.chat.waitForCardText(new RegExp(`Your organisation's associations[\\s\\S]*Rejected, final · ${escape(FIRST.domain)}`));
    const rows = await listRows(list);
    assert.match(rows[`${FIRST.name} (${ids[FIRST.name]})`] ?? '', /^Rejected, final · /);
    assert.match(rows[`${SECOND.name} (${ids[SECOND.name]})`] ?? '', /^Draft · /);
    await list.scrollIntoViewIfNeeded();
    await s.chat.screenshot(path.join(RESULTS, 'e2e-manage-list-after.png'));
  });
});
