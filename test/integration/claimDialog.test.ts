// The "new association" dialog end to end through TestAdapter, on the embedded Cosmos server (no mocks).
import assert from 'node:assert/strict';
import { CUSTOMER_TENANT, m365Answers } from '../helpers/claims';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim, ClaimFields } from '../../services/domain/claim';
import { Chat, openWorld, textOf, type BotWorld } from '../helpers/chat';
import { alice, marco, TENANT, type Who } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { graphEnv, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';
import { composeCustomerNotice } from '../../services/customerNotice';
import { actionsOf } from '../helpers/cardActions';

const SUBSCRIPTION = '5b0d6b8e-3f7a-4c1e-9d2a-7e4f1c3b2a19';
const OTHER_PARTNER_TENANT = 'c0ffee00-1111-4222-8333-444455556666';

async function claimsOf(world: BotWorld, partnerTenantId = TENANT): Promise<Claim[]> {
  const { resources } = await world.store.containers.associations.items
    .query<Claim>({
      query: "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @p",
      parameters: [{ name: '@p', value: partnerTenantId }],
    })
    .fetchAll();
  return resources;
}

/** The fields of a complete Microsoft 365 claim on Intune, for tests that call the store directly. */
function intuneClaim(): ClaimFields {
  return {
    solutionArea: 'microsoft365',
    activity: 'usage',
    partnerId: '1234567',
    customerDomain: 'contoso.com',
    customerTenantId: CUSTOMER_TENANT,
    workloads: ['Intune'],
    customerContact: { name: 'Jane', title: 'CIO', email: 'jane@contoso.com' },
    partnerContact: { name: 'Alice', email: 'alice@partner.example' },
    name: 'Contoso Intune',
  };
}

/** Answers every question of a Microsoft 365 claim up to the summary card; returns the summary's text. */
async function fillMicrosoft365(chat: Chat, answers: { tenant?: string; workloads?: string; poe?: string } = {}): Promise<string> {
  await chat.ask('new association');
  await chat.ask('Microsoft 365');
  await chat.ask('1234567');
  await chat.ask('contoso.com');
  await chat.ask(answers.tenant ?? CUSTOMER_TENANT);
  await chat.ask(answers.workloads ?? 'Microsoft Teams, 6');
  await chat.ask('Jane Doe');
  await chat.ask('CIO');
  await chat.ask('jane.doe@contoso.com');
  await chat.ask(chat.who.name);
  await chat.ask(`${chat.who.name.split(' ')[0].toLowerCase()}@partner.example`);
  await chat.ask(answers.poe ?? 'later');
  await chat.ask('Contoso Teams rollout');
  return chat.ask('none');
}

describe('new association dialog', function () {
  this.timeout(60000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it('Microsoft 365 / Usage: asks every field in order, shows the summary, stores a Draft without PoE', async () => {
    const chat = new Chat(world, alice);
    // One message: the dialog's opening line, then the first question with its buttons.
    const [areaPrompt, ...more] = await chat.say('new association');
    assert.equal(more.length, 0);
    assert.match(areaPrompt.text ?? '', /^Let's create a customer association\./);
    const card = areaPrompt.attachments?.[0].content as { body: { type: string; actions?: { verb: string; title: string; data: { text: string } }[] }[] };
    const buttons = card.body.filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions ?? []);
    assert.deepEqual(
      buttons.map((b) => [b.verb, b.title, b.data.text]),
      [
        ['choice', 'Microsoft 365', 'Microsoft 365'],
        ['choice', 'Business Applications', 'Business Applications'],
      ],
    );
    // Clicking the button (an adaptiveCard/action invoke) answers like typing, and the card is replaced by the answer.
    const click = await chat.click('choice', { text: 'Microsoft 365', prompt: 'Which solution area is this association for?' });
    assert.equal(click.response.status, 200);
    assert.equal(click.response.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(click.response.body.value), /✓ Microsoft 365/);
    assert.doesNotMatch(JSON.stringify(click.response.body.value), /Action\./, 'no buttons left on the answered card');
    const afterArea = click.replies.map(textOf).join('\n');
    assert.match(afterArea, /one activity: Usage/);
    assert.match(afterArea, /Partner ID \(digits\)/);
    assert.match(await chat.ask('1234567'), /customer's domain/);
    assert.match(await chat.ask('Contoso.COM'), /tenant ID/);
    const afterTenant = await chat.ask(CUSTOMER_TENANT.toUpperCase());
    assert.match(afterTenant, /checked on review/, 'no Graph: the match is left to the reviewer');
    assert.match(afterTenant, /Which Microsoft 365 workloads/);
    assert.match(await chat.ask('Microsoft Teams, 6'), /Customer contact: their name, job title and e-mail/);
    const afterName = await chat.ask('Jane Doe');
    assert.match(afterName, /Customer contact: Name: Jane Doe\./, 'the part taken is said back');
    assert.match(afterName, /I still need their job title and e-mail/);
    assert.match(await chat.ask('CIO'), /I still need their e-mail/);
    const afterEmail = await chat.ask('jane.doe@contoso.com');
    assert.match(afterEmail, /Customer contact: Name: Jane Doe · Job title: CIO · E-mail: jane\.doe@contoso\.com\./);
    assert.match(afterEmail, /Partner contact: their name and e-mail/);
    assert.match(await chat.ask('Alice Rossi'), /Partner contact: I still need their e-mail/);
    assert.match(await chat.ask('alice@partner.example'), /Attach the proof of execution/);
    const afterPoe = await chat.ask('later');
    assert.match(afterPoe, /stay a Draft/);
    assert.match(afterPoe, /Suggested: "contoso.com – Microsoft Teams, Intune"/);
    assert.match(await chat.ask('Contoso Teams rollout'), /comments for the reviewer/);
    const summary = await chat.ask('none');
    for (const expected of [
      'OSU Microsoft 365',
      'contoso.com',
      CUSTOMER_TENANT,
      'Microsoft Teams, Intune',
      'Jane Doe, CIO, jane.doe@contoso.com',
      'Save as Draft',
      'Edit a field',
    ]) {
      assert.ok(summary.includes(expected), `summary shows ${expected}`);
    }
    assert.equal((await claimsOf(world)).length, 0, 'nothing stored before submit');

    const done = await chat.ask('submit');
    const id = /Saved as a Draft: claim (CPOR-\w+)/.exec(done)?.[1];
    assert.ok(id, done);
    const [claim] = await claimsOf(world);
    assert.equal(claim.id, id);
    assert.equal(claim.status, 'Draft');
    assert.equal(claim.partnerTenantId, TENANT);
    assert.equal(claim.program, 'OSU Microsoft 365');
    assert.equal(claim.customerDomain, 'contoso.com');
    assert.equal(claim.customerTenantId, CUSTOMER_TENANT);
    assert.deepEqual(claim.workloads, ['Microsoft Teams', 'Intune']);
    assert.deepEqual(claim.customerContact, { name: 'Jane Doe', title: 'CIO', email: 'jane.doe@contoso.com' });
    assert.deepEqual(claim.partnerContact, { name: 'Alice Rossi', email: 'alice@partner.example' });
    assert.equal(claim.comments, undefined);
    assert.equal(claim.competing, false);
    assert.deepEqual(
      claim.history.map((h) => [h.action, h.from, h.to, h.by.id]),
      [['created', undefined, 'Draft', alice.id]],
    );
  });

  for (const [activity, product, program, technical] of [
    ['Presales (Build intent - Advisor)', 'Dynamics 365 Sales', 'OSA Sell', true],
    ['Usage', 'Power Apps', 'OSU Business Applications', false],
    ['Revenue association', 'Dynamics 365 Business Central', 'Revenue association (no incentive payment)', true],
  ] as const) {
    it(`Business Applications / ${activity} with ${product}: product, subscription${technical ? ', technical contact' : ''}`, async () => {
      const chat = new Chat(world, alice);
      await chat.ask('new claim');
      const activities = await chat.ask('Business Applications');
      assert.match(activities, /OSA Sell/);
      assert.match(activities, /OSU Business Applications/);
      assert.match(await chat.ask(activity), /Partner ID/);
      await chat.ask('7654321');
      await chat.ask('fabrikam.com');
      assert.match(await chat.ask(CUSTOMER_TENANT), /Which product/);
      assert.match(await chat.ask(product), /CSP subscriptions are not/);
      await chat.ask(SUBSCRIPTION);
      await chat.ask('Bob Stone');
      await chat.ask('Head of Sales');
      const next = await chat.ask('bob@fabrikam.com');
      if (technical) {
        assert.match(next, /technical contact: their name, job title and e-mail/);
        assert.match(await chat.ask('Tina Tech'), /Technical contact: I still need their job title and e-mail/);
        await chat.ask('IT Manager');
        assert.match(await chat.ask('tina@fabrikam.com'), /Partner contact/);
      } else {
        assert.match(next, /Partner contact: their name and e-mail/);
      }
      await chat.ask('Alice Rossi');
      await chat.ask('alice@partner.example');
      await chat.ask('later');
      await chat.ask('Fabrikam BizApps');
      const summary = await chat.ask('Please check the PoE soon');
      assert.ok(summary.includes(program), `summary shows ${program}`);
      await chat.ask('submit');
      const [claim] = await claimsOf(world);
      assert.equal(claim.program, program);
      assert.equal(claim.product, product);
      assert.equal(claim.subscriptionId, SUBSCRIPTION);
      assert.equal(claim.workloads, undefined);
      assert.equal(claim.comments, 'Please check the PoE soon');
      assert.equal(Boolean(claim.technicalContact), technical);
      if (technical) assert.deepEqual(claim.technicalContact, { name: 'Tina Tech', title: 'IT Manager', email: 'tina@fabrikam.com' });
      assert.equal(claim.tenantCheck, 'notChecked', 'Graph is not configured here: the reviewer is told to check');
    });
  }

  it('works by clicking: the workloads form card and the summary buttons', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('new association');
    await chat.click('choice', { text: 'Microsoft 365', prompt: 'x' });
    await chat.ask('1234567');
    await chat.ask('contoso.com');
    await chat.ask(CUSTOMER_TENANT);
    const form = await chat.click('form', { field: 'workloads', workloads: 'Exchange Online,Microsoft Purview', prompt: 'Workloads' });
    assert.match(JSON.stringify(form.response.body.value), /✓ Exchange Online,Microsoft Purview/);
    assert.match(form.replies.map(textOf).join(), /Customer contact: their name, job title and e-mail/);
    for (const answer of ['Jane Doe', 'CIO', 'jane@contoso.com', 'Alice Rossi', 'alice@partner.example', 'later', 'Contoso mail', 'none']) {
      await chat.ask(answer);
    }
    const submitted = await chat.click('command', { text: 'submit', title: 'Save as Draft', claimId: 'ignored', prompt: 'Your customer association' });
    assert.match(submitted.replies.map(textOf).join(), /Saved as a Draft/);
    const [claim] = await claimsOf(world);
    assert.deepEqual(claim.workloads, ['Exchange Online', 'Microsoft Purview']);
  });

  it('answers an unknown card verb with a Universal Actions error, changing nothing', async () => {
    const chat = new Chat(world, alice);
    const { response } = await chat.click('deleteEverything', { prompt: 'x' });
    assert.equal(response.body.statusCode, 400);
    assert.equal(response.body.type, 'application/vnd.microsoft.error');
    assert.equal((await claimsOf(world)).length, 0);
  });

  it('re-asks with a specific message for every kind of bad answer, storing nothing', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('new association');
    assert.match(await chat.ask('Azure'), /pick one of the buttons/i);
    await chat.ask('Microsoft 365');
    assert.match(await chat.ask('MPN-12'), /4 to 10 digits/);
    await chat.ask('1234567');
    assert.match(await chat.ask('contoso'), /not a domain name/);
    assert.match(await chat.ask('contoso..com'), /not a domain name/);
    // A pasted address is taken as its domain, and the bot says which one it took.
    assert.match(await chat.ask('https://www.contoso.com/about'), /I took the domain contoso\.com from what you pasted/);
    assert.match(await chat.ask('8a8e3d2c-0f3b-4e4a-9b65'), /not a GUID/);
    await chat.ask(CUSTOMER_TENANT);
    assert.match(await chat.ask('Teams, Skype'), /"Skype" is not in the list of workloads/, '"Teams" is taken (an alias), "Skype" is not a workload');
    assert.match(await chat.ask('99'), /"99" is not in the list/);
    await chat.ask('4');
    assert.match(await chat.ask('J'), /too short/);
    await chat.ask('Jane Doe');
    await chat.ask('CIO');
    assert.match(await chat.ask('jane.doe@'), /not an e-mail address/);
    await chat.ask('jane.doe@contoso.com');
    await chat.ask('Alice Rossi');
    await chat.ask('alice@partner.example');
    assert.match(await chat.ask('here it is'), /Attach a file with the proof of execution, or type "later"/);
    await chat.ask('later');
    assert.match(await chat.ask('x'.repeat(101)), /at most 100 characters/);
    await chat.ask('Contoso');
    await chat.ask('none');
    assert.match(await chat.ask('maybe'), /Use the buttons on the summary/);
    assert.equal((await claimsOf(world)).length, 0);
  });

  it('"cancel" / "annulla" at any step ends the dialog and stores nothing', async () => {
    const chat = new Chat(world, alice);
    await chat.ask('new association');
    await chat.ask('Microsoft 365');
    await chat.ask('1234567');
    assert.match(await chat.ask('cancel'), /Cancelled\. Nothing was stored/);
    assert.match(await chat.ask('contoso.com'), /didn't understand/, 'the dialog is over');

    const italian = new Chat(world, marco);
    await fillMicrosoft365(italian);
    assert.match(await italian.ask('annulla'), /Annullato\. Non ho salvato nulla/);
    assert.equal((await claimsOf(world)).length, 0);
  });

  it('"Edit a field" re-asks only that field (and what depends on it), then shows the summary again', async () => {
    const chat = new Chat(world, alice);
    await fillMicrosoft365(chat);
    assert.match(await chat.ask('edit'), /Which field do you want to change/);
    assert.match(await chat.ask('Customer domain and tenant ID'), /customer's domain/);
    await chat.ask('contoso.onmicrosoft.com');
    // The customer contact was on the old domain: the customer would not be told there, so it is asked again.
    assert.match(await chat.ask(CUSTOMER_TENANT), /jane\.doe@contoso\.com is not on contoso\.onmicrosoft\.com/);
    const summary = await chat.ask('Jane Doe, CIO, jane.doe@contoso.onmicrosoft.com');
    assert.match(summary, /Your customer association/);
    assert.match(summary, /contoso\.onmicrosoft\.com/);
    await chat.ask('submit');
    const [claim] = await claimsOf(world);
    assert.equal(claim.customerDomain, 'contoso.onmicrosoft.com');
    assert.equal(claim.name, 'Contoso Teams rollout', 'other answers kept');
  });

  it('speaks Italian to an it-IT partner through the whole dialog', async () => {
    const chat = new Chat(world, marco);
    assert.match(await chat.ask('nuova associazione'), /Per quale area di soluzione/);
    assert.match(await chat.ask('Microsoft 365'), /una sola attività: Utilizzo/);
    assert.match(await chat.ask('12'), /da 4 a 10 cifre/);
    await chat.ask('1234567');
    await chat.ask('contoso.it');
    assert.match(await chat.ask(CUSTOMER_TENANT), /verificata in revisione/);
    await chat.ask('Microsoft Teams');
    await chat.ask('Giulia Verdi');
    await chat.ask('CTO');
    await chat.ask('giulia@contoso.it');
    await chat.ask('Marco Bianchi');
    await chat.ask('marco@partner.example');
    assert.match(await chat.ask('dopo'), /resterà in Bozza/);
    await chat.ask('Contoso Teams');
    const summary = await chat.ask('nessuno');
    assert.match(summary, /La tua associazione cliente/);
    assert.match(summary, /Salva in Bozza/);
    assert.match(await chat.ask('invia'), /Salvata in Bozza: richiesta CPOR-/);
  });

  it('survives a bot restart in the middle of the dialog (state in Cosmos)', async () => {
    const dataDir = tempDir();
    let first = await openWorld({}, dataDir);
    let chat = new Chat(first, alice);
    await chat.ask('new association');
    await chat.ask('Microsoft 365');
    await chat.ask('1234567');
    await first.close();

    first = await openWorld({}, dataDir);
    try {
      chat = new Chat(first, alice);
      assert.match(await chat.ask('contoso.com'), /tenant ID/, 'continues where it was');
      await chat.ask(CUSTOMER_TENANT);
      await chat.ask('Intune');
      await chat.ask('Jane Doe');
      await chat.ask('CIO');
      await chat.ask('jane@contoso.com');
      await chat.ask('Alice Rossi');
      await chat.ask('alice@partner.example');
      await chat.ask('later');
      await chat.ask('Contoso Intune');
      await chat.ask('none');
      await chat.ask('submit');
      const [claim] = await claimsOf(first);
      assert.equal(claim.partnerId, '1234567');
      assert.deepEqual(claim.workloads, ['Intune']);
    } finally {
      await first.close();
    }
  });

  it("keeps two users' answers apart when they interleave", async () => {
    const a = new Chat(world, alice);
    const b = new Chat(world, { ...marco, locale: 'en-US' });
    await a.ask('new association');
    await b.ask('new association');
    await a.ask('Microsoft 365');
    await b.ask('Business Applications');
    await b.ask('Usage');
    await a.ask('1111111');
    await b.ask('2222222');
    await a.ask('alpha.com');
    await b.ask('beta.com');
    assert.match(await a.ask(CUSTOMER_TENANT), /workloads/);
    assert.match(await b.ask(CUSTOMER_TENANT), /Which product/);
    const claims = new Map<string, string>();
    for (const [chat, domain] of [
      [a, 'alpha.com'],
      [b, 'beta.com'],
    ] as const) {
      if (chat === a) await chat.ask('Exchange Online');
      else {
        await chat.ask('Power Apps');
        await chat.ask(SUBSCRIPTION);
      }
      await chat.ask('Jane Doe');
      await chat.ask('CIO');
      await chat.ask(`jane@${domain}`);
      await chat.ask(chat.who.name);
      await chat.ask('someone@partner.example');
      await chat.ask('later');
      await chat.ask(`${domain} claim`);
      await chat.ask('none');
      const done = await chat.ask('submit');
      claims.set(domain, /claim (CPOR-\w+)/.exec(done)?.[1] ?? '');
    }
    const stored = await claimsOf(world);
    assert.equal(stored.length, 2);
    const alpha = stored.find((c) => c.id === claims.get('alpha.com'));
    const beta = stored.find((c) => c.id === claims.get('beta.com'));
    assert.deepEqual([alpha?.customerDomain, alpha?.partnerId, alpha?.createdBy.id], ['alpha.com', '1111111', alice.id]);
    assert.deepEqual([beta?.customerDomain, beta?.partnerId, beta?.createdBy.id], ['beta.com', '2222222', marco.id]);
  });

  it("offers the Partner IDs the organisation used before, and no other organisation's", async () => {
    const chat = new Chat(world, alice);
    await fillMicrosoft365(chat);
    await chat.ask('submit');
    const other = new Chat(world, { id: '29:olga', name: 'Olga Other', tenantId: OTHER_PARTNER_TENANT });
    await other.ask('new association');
    assert.doesNotMatch(await other.ask('Microsoft 365'), /1234567/);
    await chat.ask('new association');
    // One message: the activity's explanation, then the Partner ID question with its suggestions.
    const [prompt, ...more] = await chat.say('Microsoft 365');
    assert.equal(more.length, 0);
    assert.deepEqual(
      prompt.suggestedActions?.actions.map((a) => a.title),
      ['1234567'],
    );
  });
});

describe('new association: roles, duplicates, competing claims, idempotency', function () {
  this.timeout(60000);
  let world: BotWorld;
  let rolesFile: string;
  before(async () => {
    rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(
      rolesFile,
      JSON.stringify({
        [alice.id]: ['incentivesAdmin'],
        'marco@partner.example': ['incentivesUser'],
        '29:rita': ['reviewer'],
        '29:other-partner': ['incentivesAdmin'],
        '29:alba': ['incentivesUser'],
      }),
    );
  });
  beforeEach(async () => {
    world = await openWorld({ ROLES_FILE: rolesFile });
  });
  afterEach(() => world.close());

  it('tells a user without a partner role whom to ask, and stores nothing', async () => {
    for (const who of [
      { id: '29:nobody', name: 'No Body' },
      { id: '29:rita', name: 'Rita Reviewer' },
    ] as Who[]) {
      const chat = new Chat(world, who);
      assert.match(await chat.ask('new association'), /Ask your global admin/);
      assert.match(await chat.ask('Microsoft 365'), /didn't understand/, 'no dialog was started');
    }
    assert.equal((await claimsOf(world)).length, 0);
  });

  it('does not say demo mode once roles are configured', async () => {
    const chat = new Chat(world, alice);
    assert.doesNotMatch(await chat.ask('help'), /Demo mode/);
  });

  it('says a duplicate as soon as tenant, activity and workloads are known, with Open, and asks the workloads again', async () => {
    const first = new Chat(world, alice);
    await fillMicrosoft365(first, { workloads: 'Microsoft Teams' });
    const id = /claim (CPOR-\w+)/.exec(await first.ask('submit'))?.[1];
    const again = new Chat(world, alice);
    await again.ask('new association');
    for (const answer of ['Microsoft 365', '1234567', 'contoso.com', CUSTOMER_TENANT]) await again.ask(answer);
    const [warning, reprompt] = await again.say('Intune, Microsoft Teams');
    assert.match(
      textOf(warning),
      new RegExp(`already has an open claim on this customer tenant and workload: \\\\"Contoso Teams rollout\\\\" \\(${id}, Draft\\)`),
    );
    const open = actionsOf(warning.attachments?.[0].content).find((a) => a.verb === 'claim.open');
    assert.deepEqual([open?.title, open?.data?.claimId, open?.data?.partnerTenantId], [`Open ${id}`, id, TENANT]);
    assert.match(textOf(reprompt), /Which Microsoft 365 workloads/, 'what is claimed is asked again at once');
    // The Open button shows the existing claim.
    const opened = await again.click('claim.open', { claimId: id, partnerTenantId: TENANT });
    assert.match(JSON.stringify(opened.response.body.value), new RegExp(id ?? '-'));
    // Intune alone is free: the dialog goes on, and the claim is stored.
    assert.match(await again.ask('Intune'), /Customer contact/);
    for (const answer of ['Jane Doe', 'CIO', 'jane@contoso.com', 'Alice Rossi', 'alice@partner.example', 'later', 'Contoso Intune', 'none'])
      await again.ask(answer);
    assert.match(await again.ask('submit'), /Saved as a Draft/);
    assert.equal((await claimsOf(world)).length, 2);
  });

  it('still refuses a duplicate at submit when the other claim was stored after the early check', async () => {
    // A colleague of the same organisation, in her own chat, wrote the same claim at the same time.
    const late = new Chat(world, { id: '29:alba', name: 'Alba Colleague' });
    await fillMicrosoft365(late, { workloads: 'Microsoft Teams' });
    const first = new Chat(world, alice);
    await fillMicrosoft365(first, { workloads: 'Microsoft Teams' });
    const id = /claim (CPOR-\w+)/.exec(await first.ask('submit'))?.[1];
    assert.match(
      await late.ask('submit'),
      new RegExp(`already has an open claim on this customer tenant and workload: "Contoso Teams rollout" \\(${id}, Draft\\)`),
    );
    assert.equal((await claimsOf(world)).length, 1);
  });

  it('a competing claim from another organisation is flagged once submitted, both sides, without naming the other partner; a Draft is no competitor', async () => {
    const first = new Chat(world, alice);
    await fillMicrosoft365(first, { workloads: 'Microsoft Teams' });
    await first.ask('submit');
    const rival = new Chat(world, { id: '29:other-partner', name: 'Olga Other', tenantId: OTHER_PARTNER_TENANT });
    await fillMicrosoft365(rival, { workloads: 'Microsoft Teams' });
    const answer = await rival.ask('submit');
    assert.doesNotMatch(answer, /another partner already holds a claim/, "Alice's Draft does not compete");
    assert.deepEqual([(await claimsOf(world))[0].competing, (await claimsOf(world, OTHER_PARTNER_TENANT))[0].competing], [false, false]);
    // Both add their proof of execution (an edit submits a Draft): now they compete, both flagged.
    const poe = { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: alice.id };
    for (const claim of [(await claimsOf(world))[0], (await claimsOf(world, OTHER_PARTNER_TENANT))[0]]) {
      const submitted = await world.deps.claims.saveEdit(claim, {
        fields: claim,
        poe,
        actor: claim.createdBy,
        party: 'incentivesAdmin',
        expectedVersion: claim.version,
      });
      assert.equal(submitted.kind, 'done', JSON.stringify(submitted));
    }
    const [mine, theirs] = [(await claimsOf(world))[0], (await claimsOf(world, OTHER_PARTNER_TENANT))[0]];
    assert.deepEqual([mine.status, mine.competing, theirs.status, theirs.competing], ['Submitted', true, 'Submitted', true], 'each reviewer sees both');
  });

  it('a double submit stores one claim and says so', async () => {
    const chat = new Chat(world, alice);
    await fillMicrosoft365(chat);
    const first = await chat.say({ text: 'submit', value: {} });
    const id = /claim (CPOR-\w+)/.exec(first.map((r) => r.text).join())?.[1];
    assert.ok(id);
    // The second click of the same button arrives after the dialog ended.
    const second = await chat.ask({ text: 'submit', value: { claimId: id } });
    assert.match(second, new RegExp(`already stored as ${id} \\(Draft\\)`));
    assert.equal((await claimsOf(world)).length, 1);
  });

  it('a user of another organisation cannot reach a claim by its id', async () => {
    const chat = new Chat(world, alice);
    await fillMicrosoft365(chat);
    const id = /claim (CPOR-\w+)/.exec(await chat.ask('submit'))?.[1];
    const outsider = new Chat(world, { id: '29:other-partner', name: 'Olga Other', tenantId: OTHER_PARTNER_TENANT });
    const answer = await outsider.ask({ text: 'submit', value: { claimId: id } });
    assert.match(answer, /no longer active/);
    assert.doesNotMatch(answer, new RegExp(`${id}|Draft|Contoso`));
    assert.equal(await world.deps.claims.get(OTHER_PARTNER_TENANT, id ?? ''), undefined);
  });

  it('creating the same claim id twice (a redelivered submit) stores it once', async () => {
    const input = { id: 'CPOR-SAMEID0001', partnerTenantId: TENANT, fields: intuneClaim(), submit: true, actor: { id: alice.id, name: alice.name } };
    const results = await Promise.all([world.deps.claims.create(input), world.deps.claims.create(input)]);
    assert.deepEqual(results.map((r) => r.kind).sort(), ['alreadyCreated', 'created']);
    assert.equal((await claimsOf(world)).length, 1);
  });

  it('two different submissions racing on the same workload: exactly one is stored', async () => {
    const base = {
      partnerTenantId: TENANT,
      submit: false,
      actor: { id: alice.id, name: alice.name },
      fields: intuneClaim(),
    };
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => world.deps.claims.create({ ...base, id: `CPOR-RACE00000${i}` })));
    assert.equal(results.filter((r) => r.kind === 'created').length, 1, JSON.stringify(results.map((r) => r.kind)));
    assert.equal((await claimsOf(world)).length, 1);
  });
});

describe('new association: proof of execution upload', function () {
  this.timeout(60000);
  let world: BotWorld;
  let server: http.Server;
  let origin: string;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_200_000, 7)]);
  before(async () => {
    // Plays the chat's connector: hosts the attachment, and accepts the bot's proactive posts.
    server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/files/sow.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
        res.end(pdf);
      } else if (req.method === 'POST' || req.method === 'PUT') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'posted' }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  beforeEach(async () => {
    world = await openWorld({ MAX_POE_MB: '1' });
  });
  afterEach(() => world.close());

  async function untilPoe(chat: Chat) {
    // The file is hosted where the chat's connector is (as the Playground and Emulator do).
    chat.adapter.template.serviceUrl = `${origin}/`;
    await chat.ask('new association');
    for (const answer of m365Answers()) await chat.ask(answer);
  }

  it('stores an attached file with the claim and submits it (Submitted, with history)', async () => {
    await world.close();
    world = await openWorld({ MAX_POE_MB: '2' });
    const chat = new Chat(world, alice);
    await untilPoe(chat);
    const answer = await chat.ask({
      serviceUrl: `${origin}/`,
      attachments: [{ contentType: 'application/pdf', contentUrl: `${origin}/files/sow.pdf`, name: 'sow.pdf' }],
    });
    assert.match(answer, /Got it: sow\.pdf \(1\.1 MB\)/);
    await chat.ask('Contoso Intune');
    const summary = await chat.ask('none');
    assert.match(summary, /sow\.pdf \(1\.1 MB\)/);
    assert.match(summary, /"Submit"/);
    assert.match(await chat.ask('submit'), /Submitted: claim CPOR-\w+\. What happens next/);
    const [claim] = await claimsOf(world);
    assert.equal(claim.status, 'Submitted');
    assert.deepEqual(
      claim.history.map((h) => h.to),
      ['Draft', 'Submitted'],
    );
    assert.equal(claim.poe?.fileName, 'sow.pdf');
    const stored = await world.deps.files.read(claim.poe?.fileId ?? '');
    assert.ok(stored?.bytes.equals(pdf), 'the bytes are kept intact');
  });

  it('refuses a file over the limit and an attachment from elsewhere, and keeps asking', async () => {
    const chat = new Chat(world, alice);
    await untilPoe(chat);
    const tooLarge = await chat.ask({
      serviceUrl: `${origin}/`,
      attachments: [{ contentType: 'application/pdf', contentUrl: `${origin}/files/sow.pdf`, name: 'sow.pdf' }],
    });
    assert.match(tooLarge, /too large: the limit is 1\.0 MB/);
    const elsewhere = await chat.ask({
      serviceUrl: `${origin}/`,
      attachments: [{ contentType: 'application/pdf', contentUrl: 'http://169.254.169.254/latest/meta-data', name: 'x.pdf' }],
    });
    assert.match(elsewhere, /cannot read that attachment/);
    assert.match(await chat.ask('later'), /stay a Draft/);
  });
});

describe('new association: domain-tenant match through Graph (local fake Graph)', function () {
  this.timeout(60000);
  let world: BotWorld;
  let graph: FakeGraph;
  before(async () => {
    graph = await startFakeGraph();
    graph.domains.set('contoso.com', CUSTOMER_TENANT);
  });
  after(() => graph.close());
  beforeEach(async () => {
    world = await openWorld({
      ...graphEnv(graph),
    });
  });
  afterEach(() => world.close());

  async function untilTenant(chat: Chat, domain: string) {
    await chat.ask('new association');
    await chat.ask('Microsoft 365');
    await chat.ask('1234567');
    await chat.ask(domain);
  }

  it('refuses a mismatch with the troubleshooting advice, accepts the matching tenant', async () => {
    const chat = new Chat(world, alice);
    await untilTenant(chat, 'contoso.com');
    const mismatch = await chat.ask('0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b');
    assert.match(mismatch, /Domain-tenant mismatch: contoso\.com does not belong to that tenant ID\. Confirm the tenant ID and the domain with the customer/);
    const match = await chat.ask(CUSTOMER_TENANT);
    assert.match(match, /The domain and the tenant ID match/);
    assert.match(match, /workloads/);
    assert.ok(graph.requests.some((r) => r.path.includes("findTenantInformationByDomainName(domainName='contoso.com')")));
  });

  it('says so when no tenant owns the domain', async () => {
    const chat = new Chat(world, alice);
    await untilTenant(chat, 'nobody-owns-this.com');
    assert.match(await chat.ask(CUSTOMER_TENANT), /No Microsoft tenant owns nobody-owns-this\.com/);
  });

  it('leaves the match to the reviewer when Graph fails, and says so', async () => {
    const chat = new Chat(world, alice);
    await untilTenant(chat, 'contoso.com');
    graph.failNext(500, { times: 5 });
    const answer = await chat.ask(CUSTOMER_TENANT);
    assert.match(answer, /could not check the domain against the tenant just now/);
    assert.match(answer, /workloads/);
    const claim = await finishClaim(chat);
    assert.equal(claim.tenantCheck, 'lookupFailed');
    const card = JSON.stringify(
      (await chat.click('review.refresh', { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version })).response.body.value,
    );
    assert.match(card, /Domain–tenant check.*The lookup failed when the claim was entered: confirm the domain and tenant ID belong together/);
  });

  /** The rest of a Microsoft 365 claim after the tenant id, submitted (PoE as a data: URL). */
  async function finishClaim(chat: Chat): Promise<Claim> {
    for (const answer of ['Microsoft Teams', 'Giulia Verdi', 'CTO', 'giulia@contoso.com', 'Alice Rossi', 'alice@partner.example']) await chat.ask(answer);
    const pdf = Buffer.from('%PDF-1.4 statement of work').toString('base64');
    await chat.say({ attachments: [{ contentType: 'application/pdf', contentUrl: `data:application/pdf;base64,${pdf}`, name: 'sow.pdf' }] });
    await chat.ask('Contoso Teams');
    await chat.ask('none');
    await chat.ask('submit');
    const [claim] = await claimsOf(world);
    return claim;
  }

  it("stores the check and the partner organisation's name (Graph), shown to reviewers and the customer", async () => {
    graph.failNext(500, { times: 0 }); // no failure left over from another test
    graph.tenantNames.set(TENANT.toLowerCase(), 'Rossi Consulting S.r.l.');
    const chat = new Chat(world, alice);
    await untilTenant(chat, 'contoso.com');
    await chat.ask(CUSTOMER_TENANT);
    const claim = await finishClaim(chat);
    assert.deepEqual([claim.tenantCheck, claim.partnerName, claim.status], ['matched', 'Rossi Consulting S.r.l.', 'Submitted']);
    assert.ok(graph.requests.some((r) => r.path.includes(`findTenantInformationByTenantId(tenantId='${TENANT}')`)));
    const card = JSON.stringify(
      (await chat.click('review.refresh', { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version })).response.body.value,
    );
    assert.match(card, /Partner organisation.*Rossi Consulting S\.r\.l\. \(72f988bf/);
    assert.match(card, /Domain–tenant check.*Matched through Microsoft Graph/);
    const mail = composeCustomerNotice(claim, { optOutUrl: 'https://cpor.example/optout/x', deadline: new Date('2026-12-01T10:00:00Z'), timeZone: 'UTC' });
    assert.match(mail.text, /Partner organisation: Rossi Consulting S\.r\.l\./);
  });

  it('a failing name lookup stores the claim anyway (the tenant id is shown instead)', async () => {
    const chat = new Chat(world, alice);
    await untilTenant(chat, 'contoso.com');
    await chat.ask(CUSTOMER_TENANT);
    graph.tenantNames.clear();
    const claim = await finishClaim(chat);
    assert.equal(claim.status, 'Submitted');
    assert.equal(claim.partnerName, undefined);
  });
});

describe('who may claim: Entra ID groups through Graph (local fake Graph)', function () {
  this.timeout(60000);
  const ADMINS = '11111111-aaaa-4aaa-8aaa-111111111111';
  const USERS = '22222222-bbbb-4bbb-8bbb-222222222222';
  const REVIEWERS = '33333333-cccc-4ccc-8ccc-333333333333';
  let graph: FakeGraph;
  let world: BotWorld;
  before(async () => {
    graph = await startFakeGraph();
    graph.groups.set(alice.aadObjectId ?? '', [USERS]);
    graph.groups.set(marco.aadObjectId ?? '', [REVIEWERS]);
    world = await openWorld({
      ...graphEnv(graph),
      ROLE_GROUP_INCENTIVES_ADMIN: ADMINS,
      ROLE_GROUP_INCENTIVES_USER: USERS,
      ROLE_GROUP_REVIEWER: REVIEWERS,
    });
  });
  after(async () => {
    await world.close();
    await graph.close();
  });

  it('a member of the Incentives user group may claim; a reviewer-only member may not', async () => {
    assert.equal(world.deps.roles.demoMode, false);
    // The groups are the Graph tenant's: its users are looked up there.
    const tenantId = graph.config.tenantId;
    assert.match(await new Chat(world, { ...alice, tenantId }).ask('new association'), /Which solution area/);
    assert.match(await new Chat(world, { ...marco, tenantId, locale: 'en-US' }).ask('new association'), /Ask your global admin/);
    const checks = graph.requests.filter((r) => r.path.endsWith('/checkMemberGroups'));
    assert.ok(
      checks.some((r) => r.path.includes(alice.aadObjectId ?? '?')),
      'asked Graph about the user',
    );
    assert.deepEqual([...(checks[0].body as { groupIds: string[] }).groupIds].sort(), [ADMINS, REVIEWERS, USERS].sort());
  });

  it("a user of another tenant is not looked up in the groups' tenant (their object id is their own directory's)", async () => {
    const asked = graph.requests.filter((r) => r.path.endsWith('/checkMemberGroups')).length;
    assert.match(await new Chat(world, { ...alice, id: '29:alice-elsewhere', tenantId: TENANT }).ask('new association'), /Ask your global admin/);
    assert.equal(graph.requests.filter((r) => r.path.endsWith('/checkMemberGroups')).length, asked, 'Graph was not asked');
  });
});
