// End to end as a person: the real bot, the Microsoft 365 Agents Playground (Teams emulation, channel msteams)
// and headless Chromium. Screenshots land in test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { RESULTS, answerClaimQuestions, clickClaimSummaryButton, finishClaimDetails, type TestApp } from '../helpers/e2eFlows';
import { launchChromium, openChat, startPlayground, type ChatSession, type Playground } from '../helpers/playground';
import { startTestApp } from '../helpers/testApp';

const CUSTOMER_TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';

describe('end to end in the Agents Playground (headless Chromium)', function () {
  this.timeout(180_000);
  let app: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  before(async () => {
    app = await startTestApp();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  describe('in English', () => {
    let pg: Playground;
    let chat: ChatSession;
    before(async () => {
      pg = await startPlayground({ botEndpoint: `${app.url}/api/messages` });
      chat = await openChat(pg.url, { browser });
    });
    after(async () => {
      await chat?.close();
      await pg?.stop();
    });

    it('greets on install, and answers "help" with the help card', async () => {
      await chat.waitForCardText(/Welcome to CPOR Assistant/, 20_000);
      const since = await chat.send('help');
      const card = await chat.waitForCardText(/What I can do/, 15_000, { since });
      assert.match(await card.innerText(), /new association/);
      await chat.screenshot(path.join(RESULTS, 'e2e-help.png'));
    });

    it('creates a claim through the real UI: buttons, the workloads card, the summary card', async () => {
      await answerClaimQuestions(chat, {
        domain: 'contoso.com',
        tenant: CUSTOMER_TENANT,
        workload: ['4. Microsoft Teams', '6. Intune'],
        contact: ['Jane Doe', 'CIO', 'jane.doe@contoso.com'],
        partnerName: 'Alex Wilber',
      });
      const summary = await finishClaimDetails(chat, 'Contoso Teams and Intune');
      const text = await summary.innerText();
      for (const expected of ['OSU Microsoft 365', 'contoso.com', 'Microsoft Teams, Intune', 'Jane Doe, CIO']) {
        assert.ok(text.includes(expected), `summary shows ${expected}`);
      }
      await chat.screenshot(path.join(RESULTS, 'e2e-claim-summary.png'));

      const { id } = await clickClaimSummaryButton(chat, 'Save as Draft');
      await chat.screenshot(path.join(RESULTS, 'e2e-claim-saved.png'));

      const { resources } = await app.store.containers.associations.items
        .query<Claim>({ query: 'SELECT * FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: id }] })
        .fetchAll();
      assert.equal(resources.length, 1);
      assert.deepEqual(resources[0].workloads, ['Microsoft Teams', 'Intune']);
      assert.equal(resources[0].partnerTenantId, '00000000-0000-0000-0000-0000000000001');
    });
  });

  describe('in Italian (it-IT)', () => {
    let pg: Playground;
    let chat: ChatSession;
    before(async () => {
      pg = await startPlayground({ botEndpoint: `${app.url}/api/messages`, locale: 'it-IT' });
      chat = await openChat(pg.url, { browser });
    });
    after(async () => {
      await chat?.close();
      await pg?.stop();
    });

    it('answers "aiuto" and starts a claim in Italian', async () => {
      let since = await chat.send('aiuto');
      await chat.waitForCardText(/Cosa posso fare/, 15_000, { since });
      since = await chat.send('nuova associazione');
      await chat.waitForBotText(/Per quale area di soluzione/, 15_000, { since });
      since = await chat.send('annulla');
      await chat.waitForBotText(/Annullato\. Non ho salvato nulla/, 15_000, { since });
      await chat.screenshot(path.join(RESULTS, 'e2e-italian.png'));
    });
  });
});
