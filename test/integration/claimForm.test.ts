// The one-card claim form (issue 13) through TestAdapter on the embedded Cosmos server: the card's invokes as Teams
// sends them, the dialog's own validators on the card, pre-filled values, early duplicates, and the turns it takes.
import assert from 'node:assert/strict';
import { CUSTOMER_TENANT, m365Answers } from '../helpers/claims';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, textOf, type BotWorld, type Reply } from '../helpers/chat';
import { alice, marco, TENANT, type Who } from '../helpers/activities';
import { actionsOf } from '../helpers/cardActions';
import { SAMPLE_POE_NAME } from '../../services/samplePoe';
import { graphEnv, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';

const SUBSCRIPTION = '5b0d6b8e-3f7a-4c1e-9d2a-7e4f1c3b2a19';
const PDF = `data:application/pdf;base64,${Buffer.from('%PDF-1.4 statement of work').toString('base64')}`;

type Card = { body: unknown[]; actions?: unknown[] };
interface Input {
  type: string;
  id: string;
  value?: string;
}

async function claimsOf(world: BotWorld, partnerTenantId = TENANT): Promise<Claim[]> {
  const { resources } = await world.store.containers.associations.items
    .query<Claim>({ query: "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @p", parameters: [{ name: '@p', value: partnerTenantId }] })
    .fetchAll();
  return resources;
}

/** The inputs of a rendered form card, by id. */
function inputsOf(card: Card): Map<string, Input> {
  const found = new Map<string, Input>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.type === 'string' && obj.type.startsWith('Input.')) found.set(obj.id as string, obj as unknown as Input);
      Object.values(obj).forEach(walk);
    }
  };
  walk(card.body);
  return found;
}

/** The error shown right under an input (the next element in its container), if any. */
function errorUnder(card: Card, id: string): string | undefined {
  let error: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      const at = node.findIndex((n) => (n as { id?: string })?.id === id);
      if (at >= 0) {
        const after = node.slice(at + 1).find((n) => (n as { color?: string }).color === 'Attention') as { text?: string } | undefined;
        error = after?.text;
      }
      node.forEach(walk);
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card.body);
  return error;
}

const formCardIn = (replies: Reply[]): Card | undefined =>
  replies
    .flatMap((r) => r.attachments ?? [])
    .map((a) => a.content as Card)
    .find((c) => inputsOf(c).has('customerDomain'));

/** Valid values of every input of a Microsoft 365 form, in the card's order (customer, workloads, contacts, partner). */
const M365: Record<string, string> = {
  customerDomain: 'contoso.com',
  customerTenantId: CUSTOMER_TENANT,
  workloads: 'Microsoft Teams,Intune',
  customerName: 'Jane Doe',
  customerTitle: 'CIO',
  customerEmail: 'jane.doe@contoso.com',
  partnerId: '1234567',
  partnerName: 'Alice Rossi',
  partnerEmail: 'alice@partner.example',
  name: '',
  comments: '',
};

const BIZAPPS: Record<string, string> = {
  ...M365,
  workloads: '',
  product: 'Dynamics 365 Sales',
  subscriptionId: SUBSCRIPTION,
  technicalName: 'Tina Tech',
  technicalTitle: 'IT Manager',
  technicalEmail: 'tina@contoso.com',
};

class FormChat extends Chat {
  claimId = '';
  area = 'microsoft365';
  activity = 'usage';

  /** "new association", then "Fill in one card": returns the form card. */
  async openForm(command = 'new association'): Promise<Card> {
    await this.say(command);
    const { replies } = await this.click('choice', { text: this.who.locale?.startsWith('it') ? 'Compila una scheda' : 'Fill in one card', prompt: 'x' });
    const card = formCardIn(replies);
    assert.ok(card, replies.map(textOf).join('\n'));
    const submit = actionsOf(card).find((a) => a.verb === 'claimForm.submit');
    this.claimId = String(submit?.data?.claimId);
    return card;
  }

  async submitForm(values: Record<string, string>) {
    return this.click('claimForm.submit', {
      claimForm: 'submit',
      claimId: this.claimId,
      solutionArea: this.area,
      activity: this.activity,
      prompt: 'New customer association',
      ...values,
    });
  }

  async program(area: string, activity: string, values: Record<string, string>) {
    this.area = area;
    this.activity = activity;
    return this.click('claimForm.program', { claimForm: 'program', claimId: this.claimId, solutionArea: area, activity, prompt: 'x', ...values });
  }
}

describe('one-card claim form', function () {
  this.timeout(60000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it('new association offers the form and step by step; the form holds every Microsoft 365 field', async () => {
    const chat = new FormChat(world, alice);
    const [prompt, ...more] = await chat.say('new association');
    assert.equal(more.length, 0, 'the opening line and the first question are one message');
    const buttons = actionsOf(prompt.attachments?.[0].content).map((a) => a.title);
    assert.deepEqual(buttons, ['Microsoft 365', 'Business Applications', 'Fill in one card']);
    assert.match(textOf(prompt), /Fill in one card \(button below\), or go step by step\. Which solution area/);
    const card = await chat.openForm();
    assert.deepEqual([...inputsOf(card).keys()], Object.keys(M365));
    assert.equal(inputsOf(card).get('partnerId')?.value, '', 'a first claim has nothing to pre-fill');
    assert.match(JSON.stringify(card), /Microsoft 365 · Usage \(OSU Microsoft 365\)/);
  });

  it('the card is in sections, one open at a time, every input labelled; after errors the first section to fix is open', async () => {
    type Node = { id?: string; type?: string; isVisible?: boolean; label?: string; actions?: { title: string; style?: string }[] };
    const sectionsOf = (card: Card) => {
      const byId = new Map<string, Node>();
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const obj = node as Node;
          if (obj.id) byId.set(obj.id, obj);
          Object.values(obj).forEach(walk);
        }
      };
      walk(card.body);
      const shown = (id: string) => byId.get(id);
      return ['customer', 'claimed', 'contacts', 'partner'].map((id) => ({
        open: shown(`${id}-body`)?.isVisible,
        heading: shown(`${id}-${shown(`${id}-body`)?.isVisible ? 'shown' : 'hidden'}`)?.actions?.[0],
      }));
    };
    const chat = new FormChat(world, { id: '29:sections', name: 'Sec Tions' });
    const fresh = await chat.openForm();
    assert.deepEqual(
      sectionsOf(fresh).map((s) => [s.open, s.heading?.title]),
      [
        [true, '▾ 1. Customer'],
        [false, '▸ 2. Workloads'],
        [false, '▸ 3. Contacts'],
        [false, '▸ 4. Partner and claim'],
      ],
    );
    for (const [id, input] of inputsOf(fresh)) assert.ok((input as Input & { label?: string }).label, `${id} has a label`);
    const { response } = await chat.submitForm({ ...M365, customerEmail: 'jane.doe@', customerTitle: 'jane@contoso.com', partnerId: 'MPN-12' });
    const card = response.body.value as Card;
    assert.deepEqual(
      sectionsOf(card).map((s) => [s.open, s.heading?.title, s.heading?.style]),
      [
        [false, '▸ 1. Customer', 'default'],
        [false, '▸ 2. Workloads', 'default'],
        [true, '▾ 3. Contacts · 2 to fix', 'destructive'],
        [false, '▸ 4. Partner and claim · 1 to fix', 'destructive'],
      ],
    );
    assert.match(JSON.stringify(card), /3 fields need a fix: Customer contact: job title, Customer contact: e-mail, Partner ID of your location\./);
  });

  it('a claim with a validation error corrected on the card: errors under their fields, every value kept, then PoE and Submitted', async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const bad = await chat.submitForm({ ...M365, partnerId: 'MPN-12', customerEmail: 'jane.doe@', customerTitle: 'CIO of Contoso' });
    assert.equal(bad.response.body.type, 'application/vnd.microsoft.card.adaptive');
    const card = bad.response.body.value as Card;
    assert.match(errorUnder(card, 'partnerId') ?? '', /A Partner ID is 4 to 10 digits/);
    assert.match(errorUnder(card, 'customerEmail') ?? '', /not an e-mail address/);
    assert.equal(errorUnder(card, 'customerDomain'), undefined);
    assert.match(JSON.stringify(card), /2 fields need a fix: Customer contact: e-mail, Partner ID of your location\./, 'the banner names each field');
    const inputs = inputsOf(card);
    assert.deepEqual(
      [inputs.get('partnerId')?.value, inputs.get('customerTitle')?.value, inputs.get('workloads')?.value, inputs.get('customerEmail')?.value],
      ['MPN-12', 'CIO of Contoso', 'Microsoft Teams,Intune', 'jane.doe@'],
      'every value is kept as typed, the wrong ones too',
    );
    assert.equal(bad.replies.length, 0, 'the card answers; nothing is posted in the chat');
    assert.equal((await claimsOf(world)).length, 0);

    const good = await chat.submitForm({ ...M365, partnerId: '1234567', customerTitle: 'CIO of Contoso' });
    assert.match(JSON.stringify(good.response.body.value), /✓ Checked: every field is fine/);
    const after = good.replies.map(textOf).join('\n');
    assert.match(after, /Every field is fine\. Here is your claim/);
    assert.match(after, /contoso\.com – Microsoft Teams, Intune/, 'the name suggested from the domain and workloads');
    assert.match(after, /Attach the proof of execution/);
    const done = await chat.ask({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name: 'sow.pdf' }] });
    assert.match(done, /Submitted: claim CPOR-\w+/);
    const [claim] = await claimsOf(world);
    assert.deepEqual(
      [claim.id, claim.status, claim.partnerId, claim.customerContact.title, claim.workloads, claim.name, claim.poe?.fileName],
      [chat.claimId, 'Submitted', '1234567', 'CIO of Contoso', ['Microsoft Teams', 'Intune'], 'contoso.com – Microsoft Teams, Intune', 'sow.pdf'],
    );
  });

  it("a customer e-mail on the partner contact's domain is refused under the customer e-mail; nothing is stored", async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const bad = await chat.submitForm({ ...M365, customerEmail: 'bob@partner.example' });
    const card = bad.response.body.value as Card;
    assert.equal(
      errorUnder(card, 'customerEmail'),
      "bob@partner.example is on your own organisation's domain. The customer is asked for consent at this address, so it must be the customer's: give the customer contact's e-mail at contoso.com.",
    );
    assert.equal(inputsOf(card).get('customerEmail')?.value, 'bob@partner.example', 'kept as typed');
    assert.equal((await claimsOf(world)).length, 0);
    // Not on the customer domain either (Graph is not configured here): refused too.
    const elsewhere = await chat.submitForm({ ...M365, customerEmail: 'jane@gmail.com' });
    assert.match(errorUnder(elsewhere.response.body.value as Card, 'customerEmail') ?? '', /jane@gmail\.com is not on contoso\.com or a subdomain of it/);
    const good = await chat.submitForm({ ...M365, customerEmail: 'jane.doe@eu.contoso.com' });
    assert.match(JSON.stringify(good.response.body.value), /✓ Checked: every field is fine/);
    await chat.ask('later');
    const [claim] = await claimsOf(world);
    assert.deepEqual([claim.customerContact.email, claim.contactCheck], ['jane.doe@eu.contoso.com', 'customerDomain']);
  });

  it('a pasted address for the domain is taken as its domain, and said', async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const { replies } = await chat.submitForm({ ...M365, customerDomain: 'https://www.contoso.com/contact' });
    assert.match(replies.map(textOf).join('\n'), /I took the domain contoso\.com from what you pasted/);
    await chat.ask('later');
    assert.equal((await claimsOf(world))[0].customerDomain, 'contoso.com');
  });

  it('changing solution area / activity re-renders the card with its fields, keeping what was typed', async () => {
    const chat = new FormChat(world, alice);
    const first = await chat.openForm();
    const switchTo = actionsOf(first)
      .filter((a) => a.verb === 'claimForm.program')
      .map((a) => a.title);
    assert.deepEqual(switchTo, ['Business Applications · Presales', 'Business Applications · Usage', 'Business Applications · Revenue association']);
    const { response, replies } = await chat.program('businessApplications', 'presales', {
      partnerId: '7654321',
      customerDomain: 'fabrikam.com',
      workloads: 'Intune',
    });
    const card = response.body.value as Card;
    assert.equal(replies.length, 0);
    const inputs = inputsOf(card);
    assert.deepEqual(
      [...inputs.keys()],
      [
        'customerDomain',
        'customerTenantId',
        'product',
        'subscriptionId',
        'customerName',
        'customerTitle',
        'customerEmail',
        'technicalName',
        'technicalTitle',
        'technicalEmail',
        'partnerId',
        'partnerName',
        'partnerEmail',
        'name',
        'comments',
      ],
    );
    assert.deepEqual([inputs.get('partnerId')?.value, inputs.get('customerDomain')?.value], ['7654321', 'fabrikam.com']);
    assert.match(JSON.stringify(card), /Business Applications · Presales \(Build intent - Advisor\) \(OSA Sell\)/);
    // A forged pair changes nothing.
    const forged = await chat.click('claimForm.program', {
      claimForm: 'program',
      claimId: chat.claimId,
      solutionArea: 'microsoft365',
      activity: 'presales',
      prompt: 'x',
    });
    assert.match(JSON.stringify(forged.response.body.value), /OSA Sell/);
    chat.activity = 'presales';
    chat.area = 'businessApplications';
    await chat.submitForm({ ...BIZAPPS, partnerId: '7654321' });
    await chat.ask('later');
    const [claim] = await claimsOf(world);
    assert.deepEqual(
      [claim.program, claim.status, claim.product, claim.subscriptionId, claim.technicalContact?.email],
      ['OSA Sell', 'Draft', 'Dynamics 365 Sales', SUBSCRIPTION, 'tina@contoso.com'],
    );
  });

  it("pre-fills a returning organisation's Partner IDs and partner contact", async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    await chat.submitForm({ ...M365, partnerName: 'Paola Partner', partnerEmail: 'paola@partner.example' });
    await chat.ask('later');
    const colleague = new FormChat(world, { id: '29:alba', name: 'Alba Colleague' });
    const card = await colleague.openForm();
    const inputs = inputsOf(card);
    assert.deepEqual(
      [inputs.get('partnerId')?.value, inputs.get('partnerName')?.value, inputs.get('partnerEmail')?.value],
      ['1234567', 'Paola Partner', 'paola@partner.example'],
    );
    assert.match(JSON.stringify(card), /Used by your organisation before: 1234567/);
    const outsider = new FormChat(world, { id: '29:olga', name: 'Olga Other', tenantId: 'c0ffee00-1111-4222-8333-444455556666' });
    const theirs = inputsOf(await outsider.openForm());
    assert.deepEqual([theirs.get('partnerId')?.value, theirs.get('partnerEmail')?.value], ['', ''], 'nothing of another organisation');
  });

  it("what the claim already has (a sentence before the card) fills the card, over the organisation's previous details", async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    await chat.submitForm(M365); // the organisation's earlier claim: Partner ID 1234567
    await chat.ask('later');
    const next = new FormChat(world, alice);
    // No solution area said: the area question comes, with "Fill in one card".
    assert.match(await next.ask(`claim fabrikam.com ${CUSTOMER_TENANT} partner id 7654321`), /Which solution area|Fill in one card/);
    const { replies } = await next.click('choice', { text: 'Fill in one card', prompt: 'x' });
    const card = formCardIn(replies);
    assert.ok(card, replies.map(textOf).join('\n'));
    const inputs = inputsOf(card);
    assert.deepEqual(
      [inputs.get('partnerId')?.value, inputs.get('customerDomain')?.value, inputs.get('customerTenantId')?.value],
      ['7654321', 'fabrikam.com', CUSTOMER_TENANT],
      "the values just said, not the earlier claim's Partner ID",
    );
  });

  it("a finished draft edited through the card comes back to its summary (with Submit), not stored behind the partner's back", async () => {
    const chat = new FormChat(world, { id: '29:editor', name: 'Ed Editor' });
    await chat.say('new association');
    for (const answer of [...m365Answers({ partner: ['Ed Editor', 'ed@partner.example'] }), 'later', 'Contoso', 'none']) {
      await chat.ask(answer);
    }
    assert.match(await chat.ask('edit'), /Which field do you want to change/);
    assert.match(await chat.ask('Solution area and activity'), /Fill in one card|Which solution area/);
    const { replies } = await chat.click('choice', { text: 'Fill in one card', prompt: 'x' });
    const card = formCardIn(replies);
    assert.ok(card, replies.map(textOf).join('\n'));
    assert.equal(inputsOf(card).get('customerName')?.value, 'Jane Doe', 'the answers given are on the card');
    chat.claimId = String(actionsOf(card).find((a) => a.verb === 'claimForm.submit')?.data?.claimId);
    const submitted = await chat.submitForm({ ...M365, partnerName: 'Ed Editor', partnerEmail: 'ed@partner.example', name: 'Contoso' });
    assert.match(submitted.replies.map(textOf).join('\n'), /Submit|Save as Draft/, 'the summary with its buttons');
    assert.equal((await claimsOf(world)).filter((c) => c.createdBy.id === '29:editor').length, 0, 'nothing stored until Submit');
    await chat.ask('submit');
    assert.equal((await claimsOf(world)).filter((c) => c.createdBy.id === '29:editor').length, 1);
  });

  it('a duplicate is said on the card under the workloads, with Open; nothing is stored', async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    await chat.submitForm({ ...M365, workloads: 'Microsoft Teams' });
    await chat.ask('later');
    const [existing] = await claimsOf(world);
    const again = new FormChat(world, alice);
    await again.openForm();
    // Already on a change of area / activity, once the tenant and the workloads are typed: before the rest is filled in.
    await again.program('businessApplications', 'usage', { customerTenantId: CUSTOMER_TENANT, workloads: 'Microsoft Teams' });
    const early = (await again.program('microsoft365', 'usage', {})).response.body.value as Card;
    assert.match(errorUnder(early, 'workloads') ?? '', new RegExp(`already has an open claim.*\\(${existing.id}, Draft\\)`));
    const { response } = await again.submitForm(M365);
    const card = response.body.value as Card;
    assert.match(errorUnder(card, 'workloads') ?? '', new RegExp(`already has an open claim.*\\(${existing.id}, Draft\\)`));
    const open = actionsOf(card).find((a) => a.verb === 'claim.open');
    assert.deepEqual([open?.data?.claimId, open?.data?.partnerTenantId], [existing.id, TENANT]);
    assert.equal((await claimsOf(world)).length, 1);
  });

  it("a competing claim of another organisation is noted once, when the card is checked; the other's Draft is not one", async () => {
    const rival = new FormChat(world, { id: '29:olga', name: 'Olga Other', tenantId: 'c0ffee00-1111-4222-8333-444455556666' });
    await rival.openForm();
    await rival.submitForm({ ...M365, partnerId: '7777777' });
    await rival.ask('later');
    const early = new FormChat(world, marco);
    await early.openForm();
    const beside = (await early.submitForm({ ...M365, workloads: 'Intune' })).replies.map(textOf).join('\n');
    assert.doesNotMatch(beside, /You can go on: both claims go to the reviewer/, "the other organisation's Draft is no competitor");
    await early.ask('cancel');
    // The other organisation adds its proof of execution: submitted, it competes.
    const [theirs] = await claimsOf(world, 'c0ffee00-1111-4222-8333-444455556666');
    const poe = { fileId: 'f-1', fileName: 'sow.pdf', contentType: 'application/pdf', size: 1000, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: '29:olga' };
    const submitted = await world.deps.claims.saveEdit(theirs, {
      fields: theirs,
      poe,
      actor: theirs.createdBy,
      party: 'incentivesAdmin',
      expectedVersion: theirs.version,
    });
    assert.equal(submitted.kind, 'done');
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const checked = (await chat.submitForm(M365)).replies.map(textOf).join('\n');
    const after = await chat.ask('later');
    assert.equal((checked + after).match(/You can go on: both claims go to the reviewer/g)?.length, 1);
  });

  it('demo mode: "Use a sample file (demo)" stores a generated PDF marked as a sample', async () => {
    assert.equal(world.deps.roles.demoMode, true, 'no roles configured: demo mode');
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const { replies } = await chat.submitForm(M365);
    const poePrompt = replies.find((r) => /Attach the proof of execution/.test(r.text ?? ''));
    assert.deepEqual(
      poePrompt?.suggestedActions?.actions.map((a) => a.title),
      ['later', 'Use a sample file (demo)'],
    );
    assert.match(await chat.ask('Use a sample file (demo)'), /Submitted: claim/);
    const [claim] = await claimsOf(world);
    assert.equal(claim.poe?.fileName, SAMPLE_POE_NAME);
    const file = await world.deps.files.read(claim.poe?.fileId ?? '');
    assert.ok(file?.bytes.subarray(0, 8).toString().startsWith('%PDF-1.4'));
    assert.match(file?.bytes.toString('latin1') ?? '', /SAMPLE - DEMO ONLY - NOT A REAL PROOF OF EXECUTION/);
  });

  it('typing while the form is open says how to go on; "help" shows help and the form again', async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    assert.match(await chat.ask('contoso.com'), /Fill in the card above and press "Check and continue", or type "cancel"/);
    const help = await chat.say('help');
    assert.match(textOf(help[0]), /What I can do/);
    assert.ok(formCardIn(help), 'the form again, with what it held');
    await chat.submitForm(M365);
    assert.match(await chat.ask('later'), /Saved as a Draft/);
  });

  it('a click on a form that is no longer active is answered on the card and changes nothing', async () => {
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const staleId = chat.claimId;
    await chat.say('cancel');
    const afterCancel = await chat.submitForm(M365);
    assert.match(textOf(afterCancel.replies[0] ?? {}), /no longer active/);
    await chat.openForm();
    const { response } = await chat.click('claimForm.submit', {
      claimForm: 'submit',
      claimId: staleId,
      solutionArea: 'microsoft365',
      activity: 'usage',
      prompt: 'x',
      ...M365,
    });
    assert.match(JSON.stringify(response.body.value), /That form is no longer active/);
    assert.equal((await claimsOf(world)).length, 0);
  });

  it('speaks Italian on the card', async () => {
    const chat = new FormChat(world, marco);
    const card = await chat.openForm('nuova associazione');
    assert.match(JSON.stringify(card), /Nuova associazione cliente.*Dominio del cliente.*Verifica e continua/);
    const { response } = await chat.submitForm({ ...M365, customerDomain: 'contoso' });
    assert.match(errorUnder(response.body.value as Card, 'customerDomain') ?? '', /Non è un nome di dominio/);
  });
});

/**
 * Every validation of the dialog is on the card: each invalid value is refused by both, with the same message
 * (a product the dialog offers as buttons, so there it is "pick one of the buttons").
 */
describe('the same validation in the dialog and on the card', function () {
  this.timeout(120000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  const cases: { area: 'microsoft365' | 'businessApplications'; field: string; value: string; card: RegExp; dialog?: RegExp }[] = [
    { area: 'microsoft365', field: 'partnerId', value: 'MPN-12', card: /4 to 10 digits/ },
    { area: 'microsoft365', field: 'partnerId', value: '', card: /Please give an answer/ },
    { area: 'microsoft365', field: 'customerDomain', value: 'contoso', card: /not a domain name/ },
    { area: 'microsoft365', field: 'customerDomain', value: 'jane@', card: /not a domain name/ },
    { area: 'microsoft365', field: 'customerTenantId', value: '8a8e3d2c-0f3b-4e4a-9b65', card: /not a GUID/ },
    { area: 'microsoft365', field: 'customerTenantId', value: '00000000-0000-0000-0000-000000000000', card: /not a GUID/ },
    { area: 'microsoft365', field: 'workloads', value: 'Skype', card: /"Skype" is not in the list of workloads/ },
    { area: 'microsoft365', field: 'workloads', value: '', card: /Please give an answer/ },
    { area: 'microsoft365', field: 'customerName', value: 'J', card: /too short: at least 2/ },
    { area: 'microsoft365', field: 'customerTitle', value: 'x'.repeat(101), card: /at most 100 characters/ },
    { area: 'microsoft365', field: 'customerEmail', value: 'jane.doe@', card: /not an e-mail address/ },
    { area: 'microsoft365', field: 'partnerName', value: 'A', card: /too short: at least 2/ },
    { area: 'microsoft365', field: 'partnerEmail', value: 'alice at partner', card: /not an e-mail address/ },
    { area: 'microsoft365', field: 'name', value: 'ab', card: /too short: at least 3/ },
    { area: 'microsoft365', field: 'name', value: 'x'.repeat(101), card: /at most 100 characters/ },
    { area: 'microsoft365', field: 'comments', value: 'x'.repeat(2001), card: /at most 2000 characters/ },
    { area: 'businessApplications', field: 'product', value: 'Azure', card: /"Azure" is not in the list of products/, dialog: /pick one of the buttons/i },
    { area: 'businessApplications', field: 'subscriptionId', value: 'not-a-subscription', card: /not a GUID/ },
    { area: 'businessApplications', field: 'technicalName', value: 'T', card: /too short: at least 2/ },
    { area: 'businessApplications', field: 'technicalEmail', value: 'tina@', card: /not an e-mail address/ },
  ];

  /** The dialog's questions in order, with a valid answer, up to (not including) the one for `field`. */
  function answersBefore(area: string, field: string): string[] {
    const order: [string, string][] =
      area === 'microsoft365'
        ? [
            ['area', 'Microsoft 365'],
            ['partnerId', '1234567'],
            ['customerDomain', 'contoso.com'],
            ['customerTenantId', CUSTOMER_TENANT],
            ['workloads', 'Intune'],
            ['customerName', 'Jane Doe'],
            ['customerTitle', 'CIO'],
            ['customerEmail', 'jane@contoso.com'],
            ['partnerName', 'Alice Rossi'],
            ['partnerEmail', 'alice@partner.example'],
            ['poe', 'later'],
            ['name', 'Contoso Intune'],
            ['comments', 'none'],
          ]
        : [
            ['area', 'Business Applications'],
            ['activity', 'Usage'],
            ['partnerId', '1234567'],
            ['customerDomain', 'contoso.com'],
            ['customerTenantId', CUSTOMER_TENANT],
            ['product', 'Dynamics 365 Sales'],
            ['subscriptionId', SUBSCRIPTION],
            ['customerName', 'Jane Doe'],
            ['customerTitle', 'CIO'],
            ['customerEmail', 'jane@contoso.com'],
            ['technicalName', 'Tina Tech'],
            ['technicalTitle', 'IT'],
            ['technicalEmail', 'tina@contoso.com'],
          ];
    const at = order.findIndex(([q]) => q === field);
    assert.ok(at > 0, field);
    return order.slice(0, at).map(([, a]) => a);
  }

  let n = 0;
  for (const c of cases) {
    const label = c.value.length > 30 ? `${c.value.slice(0, 10)}… (${c.value.length} characters)` : JSON.stringify(c.value);
    it(`${c.field} = ${label}: refused by the dialog and by the card`, async () => {
      const who: Who = { id: `29:v${++n}`, name: 'Val Idator' };
      const dialog = new Chat(world, who);
      await dialog.ask('new association');
      for (const answer of answersBefore(c.area, c.field)) await dialog.ask(answer);
      const refused = await dialog.ask(c.value);
      assert.match(refused, c.dialog ?? c.card, 'the dialog refuses it');
      await dialog.ask('cancel');

      const form = new FormChat(world, who);
      await form.openForm();
      if (c.area !== form.area) await form.program(c.area, 'usage', {});
      const valid = c.area === 'microsoft365' ? M365 : BIZAPPS;
      const { response } = await form.submitForm({ ...valid, [c.field]: c.value });
      const card = response.body.value as Card;
      assert.match(errorUnder(card, c.field) ?? '', c.card, 'the card refuses it, under the field');
      assert.equal(inputsOf(card).get(c.field)?.value, c.value, 'and keeps it as typed');
      await form.ask('cancel');
    });
  }

  it("an empty selection on the dialog's workloads card keeps the card and says what is missing", async () => {
    const dialog = new Chat(world, { id: '29:empty', name: 'Em Pty' });
    await dialog.ask('new association');
    for (const answer of answersBefore('microsoft365', 'workloads')) await dialog.ask(answer);
    const { response, replies } = await dialog.click('form', { field: 'workloads', workloads: '', prompt: 'Workloads' });
    const card = JSON.stringify(response.body.value);
    assert.match(card, /Pick at least one workload, then press the button again/);
    assert.match(card, /"Input.ChoiceSet"/, 'the card is kept, not replaced by an answer');
    assert.equal(replies.length, 0, 'the question is not posted again');
    const chosen = await dialog.click('form', { field: 'workloads', workloads: 'Intune', prompt: 'Workloads' });
    assert.match(JSON.stringify(chosen.response.body.value), /✓ Intune/);
    assert.match(chosen.replies.map(textOf).join(), /Customer contact/);
    await dialog.ask('cancel');
  });

  it('stored nothing', async () => {
    assert.equal((await claimsOf(world)).length, 0);
  });
});

describe('forgiving answers in the dialog', function () {
  this.timeout(60000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('workloads and products by the names people use and with small typos, the command with a typo too', async () => {
    const chat = new Chat(world, alice);
    assert.match(await chat.ask('new asociation'), /Which solution area/);
    for (const answer of ['Microsoft 365', '1234567', 'contoso.com', CUSTOMER_TENANT]) await chat.ask(answer);
    assert.match(await chat.ask('EXO, Micrsoft Teams and sharepoint'), /Customer contact/);
    await chat.ask('cancel');
    await chat.ask('new association');
    for (const answer of ['Business Applications', 'Usage', '1234567', 'contoso.com', CUSTOMER_TENANT]) await chat.ask(answer);
    assert.match(await chat.ask('Azure'), /pick one of the buttons/i, 'not a product: asked again');
    assert.match(await chat.ask('crm'), /subscription ID/, 'an alias the buttons do not show');
    for (const answer of [
      SUBSCRIPTION,
      'Jane Doe',
      'CIO',
      'jane@contoso.com',
      'Tina Tech',
      'IT',
      'tina@contoso.com',
      'Alice Rossi',
      'alice@partner.example',
      'later',
      'Contoso',
      'none',
    ]) {
      await chat.ask(answer);
    }
    await chat.ask('submit');
    const [claim] = await claimsOf(world);
    assert.deepEqual([claim.product, claim.workloads], ['Dynamics 365 Sales', undefined]);
    const chat2 = new Chat(world, { id: '29:wl', name: 'Will Load' });
    await chat2.ask('new association');
    for (const answer of [
      ...m365Answers({ domain: 'fabrikam.com', workloads: 'EXO, Micrsoft Teams and sharepoint', partner: ['Will Load', 'will@partner.example'] }),
      'later',
      'Fabrikam',
      'none',
      'submit',
    ]) {
      await chat2.ask(answer);
    }
    const stored = (await claimsOf(world)).find((c) => c.customerDomain === 'fabrikam.com');
    assert.deepEqual(stored?.workloads, ['Exchange Online', 'SharePoint Online', 'Microsoft Teams']);
  });
});

describe('interruptions and discoverable commands', function () {
  this.timeout(60000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  async function untilDomain(chat: Chat) {
    await chat.ask('new association');
    await chat.ask('Microsoft 365');
    await chat.ask('1234567');
  }

  it('"new association" mid-dialog asks continue or start over; Continue asks the pending question again', async () => {
    const chat = new Chat(world, alice);
    await untilDomain(chat);
    const [ask] = await chat.say('new association');
    assert.match(textOf(ask), /in the middle of a customer association\. Continue it, or start over/);
    assert.deepEqual(
      actionsOf(ask.attachments?.[0].content).map((a) => a.title),
      ['Continue', 'Start over'],
    );
    const { replies } = await chat.click('choice', { text: 'Continue', prompt: 'x' });
    assert.match(replies.map(textOf).join(), /let's continue[\s\S]*customer's domain/);
    assert.match(await chat.ask('contoso.com'), /tenant ID/, 'the answers so far are kept');
    const restart = await chat.ask('start over');
    assert.match(restart, /Which solution area/);
    assert.match(await chat.ask('Microsoft 365'), /Partner ID/, 'a new claim from the first question');
  });

  it('a troubleshooting question mid-dialog gets its answer, then the pending question again', async () => {
    const chat = new Chat(world, alice);
    await untilDomain(chat);
    await chat.ask('contoso.com');
    const [answer, reprompt] = await chat.say('where do I find the tenant ID?');
    assert.match(textOf(answer), /Domain-tenant mismatch|tenant/i);
    assert.equal((answer.attachments?.[0].content as { type: string }).type, 'AdaptiveCard');
    assert.match(textOf(reprompt), /customer's tenant ID/);
    const italian = new Chat(world, marco);
    await italian.ask('nuova associazione');
    await italian.ask('Microsoft 365');
    const [partnerIdAnswer, again] = await italian.say("cos'è il Partner ID?");
    assert.match(textOf(partnerIdAnswer), /Partner ID/);
    assert.match(textOf(again), /Qual è il Partner ID/);
    assert.match(await italian.ask('1234567'), /dominio del cliente/, 'the dialog goes on');
  });

  it("the help card's other commands mid-dialog are answered, and the pending question is asked again", async () => {
    const chat = new Chat(world, alice);
    await untilDomain(chat);
    const list = await chat.click('command', { text: 'my associations', title: 'My associations', prompt: 'x' });
    const shown = list.replies.map(textOf).join('\n');
    assert.match(shown, /Your organisation's associations/);
    assert.match(textOf(list.replies.at(-1) ?? {}), /customer's domain/);
    const topics = await chat.ask('troubleshoot');
    assert.match(topics, /Resolve association issues[\s\S]*customer's domain/);
    assert.match(await chat.ask('contoso.com'), /tenant ID/, 'the claim goes on where it was');
  });

  it('mid-dialog an answer is an answer: near-commands and question-like free text are taken as given', async () => {
    const chat = new Chat(world, { id: '29:answers', name: 'Ann Answers' });
    await untilDomain(chat);
    await chat.ask('contoso.com');
    await chat.ask(CUSTOMER_TENANT);
    assert.match(await chat.ask('Intune'), /Customer contact: their name, job title and e-mail/);
    // "Pasta" is one letter from "basta" (cancel), "Expert" from "export", "Stati" from "stato" (my associations).
    assert.match(await chat.ask('Pasta'), /job title/, 'a name, not a cancel');
    assert.match(await chat.ask('Expert'), /e-mail/i, 'a job title, not an export');
    await chat.ask('pasta@contoso.com');
    await chat.ask('Ann Answers');
    await chat.ask('ann@partner.example');
    await chat.ask('later');
    // A claim name that starts like a question and names a troubleshooting topic: still the name.
    assert.match(await chat.ask('Domain verified with the customer, tenant confirmed'), /comments for the reviewer/);
    assert.match(await chat.ask('Can be reviewed now: the domain and tenant match'), /Save as Draft|Submit/, 'a comment');
    await chat.ask('submit');
    const stored = (await claimsOf(world)).find((c) => c.createdBy.id === '29:answers');
    assert.deepEqual(
      [stored?.customerContact.name, stored?.customerContact.title, stored?.name, stored?.comments],
      ['Pasta', 'Expert', 'Domain verified with the customer, tenant confirmed', 'Can be reviewed now: the domain and tenant match'],
    );
    // Outside a dialog the typo is still forgiven.
    assert.match(await chat.ask('new asociation'), /Which solution area/);
  });

  it('"help" mid-dialog shows the help card and keeps the dialog', async () => {
    const chat = new Chat(world, alice);
    await untilDomain(chat);
    const [help, reprompt] = await chat.say('help');
    assert.match(textOf(help), /What I can do/);
    assert.match(textOf(reprompt), /customer's domain/);
    assert.match(await chat.ask('contoso.com'), /tenant ID/);
  });
});

describe("help and welcome cards list the commands of the user's roles, as buttons", function () {
  this.timeout(60000);
  let world: BotWorld;
  let rolesFile: string;
  before(async () => {
    const { tempDir } = await import('../helpers/testApp');
    const fs = await import('node:fs');
    const path = await import('node:path');
    rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(rolesFile, JSON.stringify({ [alice.id]: ['incentivesAdmin'], '29:rita': ['reviewer'], [marco.id]: ['incentivesUser', 'reviewer'] }));
    world = await openWorld({ ROLES_FILE: rolesFile });
  });
  after(() => world.close());

  const buttons = async (who: Who, text = 'help') => {
    const replies = await new Chat(world, who).say(text);
    const all = actionsOf(replies[0].attachments?.[0].content).map((a) => [a.title, a.data?.text]);
    // The language buttons come first (in the card's body), the same for everyone.
    assert.deepEqual(all.slice(0, 2), [
      ['English', 'english'],
      ['Italiano', 'italiano'],
    ]);
    return all.slice(2);
  };

  it('partner, reviewer, both (in Italian), nobody', async () => {
    assert.deepEqual(await buttons(alice), [
      ['New association', 'new association'],
      ['My associations', 'my associations'],
      ['Export', 'export'],
      ['Troubleshoot', 'troubleshoot'],
    ]);
    assert.deepEqual(await buttons({ id: '29:rita', name: 'Rita Reviewer' }), [
      ['Review queue', 'review queue'],
      ['Troubleshoot', 'troubleshoot'],
    ]);
    assert.deepEqual(await buttons(marco, 'aiuto'), [
      ['Nuova associazione', 'nuova associazione'],
      ['Le mie associazioni', 'le mie associazioni'],
      ['Esporta', 'esporta'],
      ['Coda di revisione', 'coda revisioni'],
      ['Risolvi problemi', 'risolvi problemi'],
    ]);
    assert.deepEqual(await buttons({ id: '29:nobody', name: 'No Body' }), [['Troubleshoot', 'troubleshoot']]);
  });

  it('outside demo mode the sample proof of execution is neither offered nor accepted', async () => {
    assert.equal(world.deps.roles.demoMode, false);
    const chat = new FormChat(world, alice);
    await chat.openForm();
    const { replies } = await chat.submitForm(M365);
    const poePrompt = replies.find((r) => /Attach the proof of execution/.test(r.text ?? ''));
    assert.deepEqual(
      poePrompt?.suggestedActions?.actions.map((a) => a.title),
      ['later'],
    );
    assert.doesNotMatch(textOf(poePrompt ?? {}), /sample/i);
    assert.match(await chat.ask('Use a sample file (demo)'), /Attach a file with the proof of execution, or type "later"/);
    await chat.ask('cancel');
    assert.deepEqual((await world.store.containers.files.items.readAll().fetchAll()).resources, [], 'no file stored');
  });

  it('every button does what it says', async () => {
    const chat = new Chat(world, marco);
    for (const [, text] of await buttons(marco, 'aiuto')) {
      const { response, replies } = await chat.click('command', { text, title: text, prompt: 'x' });
      assert.equal(response.status, 200);
      assert.doesNotMatch(replies.map(textOf).join(), /non ho capito|didn't understand/i, String(text));
      if (text === 'nuova associazione') await chat.ask('annulla');
    }
  });
});

describe('a claim said in one sentence', function () {
  this.timeout(60000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it('takes every value, says what it took, asks only the rest; name suggested, no comments', async () => {
    const chat = new Chat(world, alice);
    const first = await chat.ask(`claim contoso.com ${CUSTOMER_TENANT} for Teams and Exchange, partner id 4567890`);
    assert.match(first, /From what you wrote I took:/);
    for (const line of [
      'Solution area: Microsoft 365',
      'Activity: Usage',
      'Partner ID: 4567890',
      'Customer domain: contoso.com',
      `Customer tenant ID: ${CUSTOMER_TENANT}`,
      'Workloads: Exchange Online, Microsoft Teams',
    ]) {
      assert.ok(first.includes(`- ${line}`), `said back: ${line}\n${first}`);
    }
    assert.match(first, /Fill in the rest on one card, with what I took already on it, or go on here one question at a time\?/);
    assert.match(await chat.ask('One question at a time'), /Customer contact: their name, job title and e-mail/, 'then the first missing question');
    assert.match(await chat.ask('Jane Doe, CIO, jane@contoso.com'), /Customer contact: Name: Jane Doe · Job title: CIO · E-mail: jane@contoso\.com\./);
    assert.match(await chat.ask('alice@partner.example; Alice Rossi'), /Attach the proof of execution/);
    const summary = await chat.ask('later');
    assert.match(summary, /Your customer association/);
    assert.match(summary, /contoso\.com – Exchange Online, Microsoft Teams/);
    assert.match(await chat.ask('submit'), /Saved as a Draft/);
    const [claim] = await claimsOf(world);
    assert.deepEqual(
      [claim.partnerId, claim.customerTenantId, claim.workloads, claim.comments],
      ['4567890', CUSTOMER_TENANT, ['Exchange Online', 'Microsoft Teams'], undefined],
    );
  });

  it('in Italian, with the contacts: only the names, the title and the proof are asked', async () => {
    const chat = new Chat(world, marco);
    const first = await chat.ask(
      `nuova associazione https://www.fabrikam.it/ tenant {${CUSTOMER_TENANT.toUpperCase()}} per Micrsoft Teams e SharePoint, id partner 1234567, ` +
        'contatto cliente anna.rossi@fabrikam.it, contatto partner luca@partner.example',
    );
    assert.match(first, /Da ciò che hai scritto ho preso:/);
    for (const line of [
      'Dominio del cliente: fabrikam.it',
      'Carichi di lavoro: SharePoint Online, Microsoft Teams',
      'Contatto del cliente: anna.rossi@fabrikam.it',
      'Contatto del partner: luca@partner.example',
    ]) {
      assert.ok(first.includes(`- ${line}`), `said back: ${line}\n${first}`);
    }
    assert.match(first, /Vuoi compilare il resto in una scheda/);
    const contact = await chat.ask('Una domanda alla volta');
    assert.match(contact, /Contatto del cliente: mi servono ancora il nome e il ruolo aziendale\./, 'the e-mail was taken: only the rest is asked');
    assert.ok(contact.includes('"value":"anna.rossi@fabrikam.it"'), 'the card holds the e-mail it took');
    await chat.ask('Anna Rossi, CTO');
    assert.match(await chat.ask('Luca Bianchi'), /prova di esecuzione/, 'both e-mails were taken: only the names were asked');
    await chat.ask('dopo');
    await chat.ask('invia');
    const [claim] = await claimsOf(world);
    assert.deepEqual(
      [claim.customerContact, claim.partnerContact, claim.workloads],
      [
        { name: 'Anna Rossi', title: 'CTO', email: 'anna.rossi@fabrikam.it' },
        { name: 'Luca Bianchi', email: 'luca@partner.example' },
        ['SharePoint Online', 'Microsoft Teams'],
      ],
    );
  });

  it('a sentence on a workload the organisation already claims: the duplicate is said at once, the workloads asked again', async () => {
    const chat = new Chat(world, alice);
    await chat.ask(`claim contoso.com ${CUSTOMER_TENANT} for Teams, partner id 4567890`);
    for (const answer of ['One question at a time', 'Jane Doe, CIO, jane@contoso.com', 'Alice Rossi, alice@partner.example', 'later', 'submit'])
      await chat.ask(answer);
    const [existing] = await claimsOf(world);
    const again = await chat.ask(`claim contoso.com ${CUSTOMER_TENANT} for Teams, partner id 4567890`);
    assert.match(again, new RegExp(`already has an open claim.*${existing.id}`));
    assert.match(await chat.ask('One question at a time'), /Which Microsoft 365 workloads/);
  });
});

describe('a claim said in one sentence, with Graph: the tenant is matched against the domain however it came', function () {
  this.timeout(60000);
  let graph: FakeGraph;
  let world: BotWorld;
  const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
  before(async () => {
    graph = await startFakeGraph();
    graph.domains.set('contoso.com', CUSTOMER_TENANT);
    world = await openWorld(graphEnv(graph));
  });
  after(async () => {
    await world.close();
    await graph.close();
  });

  it('a tenant said before any domain is checked when the domain is given: a mismatch is said and the tenant asked again', async () => {
    const chat = new Chat(world, { id: '29:sentence-graph', name: 'Sam Sentence' });
    const first = await chat.ask(`claim ${OTHER_TENANT} for Teams, partner id 4567890`);
    assert.match(first, new RegExp(`Customer tenant ID: ${OTHER_TENANT}`));
    assert.match(await chat.ask('One question at a time'), /customer's domain/);
    const mismatch = await chat.ask('contoso.com');
    assert.match(mismatch, /does not belong|mismatch|not the tenant/i, mismatch);
    assert.match(mismatch, /customer's tenant ID/, 'the tenant is asked again');
    assert.match(await chat.ask(OTHER_TENANT), /does not belong|mismatch|not the tenant/i, 'and refused again');
    assert.match(await chat.ask(CUSTOMER_TENANT), /matches|Customer contact/);
  });

  it('a pasted address in a sentence is its domain (no www.), and the tenant matches it', async () => {
    const chat = new Chat(world, { id: '29:sentence-url', name: 'Uma Url' });
    const first = await chat.ask(`claim https://www.contoso.com/about ${CUSTOMER_TENANT} for Intune, partner id 4567890`);
    assert.ok(first.includes('- Customer domain: contoso.com'), first);
    assert.ok(first.includes(`- Customer tenant ID: ${CUSTOMER_TENANT}`), first);
    assert.match(first, /Fill in the rest on one card/);
  });
});

describe('turns from "new association" to Submitted (Microsoft 365 claim)', function () {
  this.timeout(60000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  /** Counts what the user sends: each message and each card click is one turn. */
  class CountingChat extends FormChat {
    turns = 0;
    override async say(input: Parameters<Chat['say']>[0]) {
      this.turns++;
      return super.say(input);
    }
    override async click(verb: string, data: Record<string, unknown>) {
      this.turns++;
      return super.click(verb, data);
    }
  }

  const submitted = async (chat: Chat) => (await claimsOf(world)).find((c) => c.createdBy.id === chat.who.id && c.status === 'Submitted');

  it('one-card form: 4 (command, choice of form, card submit, file)', async () => {
    const chat = new CountingChat(world, alice);
    await chat.openForm();
    await chat.submitForm(M365);
    await chat.say({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name: 'sow.pdf' }] });
    assert.ok(await submitted(chat));
    assert.equal(chat.turns, 4);
  });

  it('a sentence, then step by step: 6 (the sentence, the choice, customer contact, partner contact, file, Submit)', async () => {
    const chat = new CountingChat(world, alice);
    await chat.say(`claim contoso.com ${CUSTOMER_TENANT} for Teams and Exchange, partner id 4567890`);
    for (const answer of ['One question at a time', 'Jane Doe, CIO, jane@contoso.com', 'Alice Rossi, alice@partner.example']) await chat.say(answer);
    await chat.say({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name: 'sow.pdf' }] });
    await chat.say('submit');
    assert.ok(await submitted(chat));
    assert.equal(chat.turns, 6);
  });

  it('a sentence, then the one-card form it offers: 5 (the sentence, the choice, the card, file; the card was the submit)', async () => {
    const chat = new CountingChat(world, alice);
    await chat.say(`claim contoso.com ${CUSTOMER_TENANT} for Teams and Exchange, partner id 4567890`);
    const { replies } = await chat.click('choice', { text: 'Fill in one card', prompt: 'x' });
    const card = formCardIn(replies);
    assert.ok(card, replies.map(textOf).join('\n'));
    chat.claimId = String(actionsOf(card).find((a) => a.verb === 'claimForm.submit')?.data?.claimId);
    await chat.submitForm({ ...M365, workloads: 'Exchange Online,Microsoft Teams', partnerId: '4567890' });
    await chat.say({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name: 'sow.pdf' }] });
    assert.ok(await submitted(chat));
    assert.equal(chat.turns, 4);
  });

  it('step by step, for comparison: 15 (command, 10 answers, file, name, comments, Submit)', async () => {
    const chat = new CountingChat(world, alice);
    for (const answer of ['new association', ...m365Answers({ workloads: 'Microsoft Teams, Intune' })]) await chat.say(answer);
    await chat.say({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name: 'sow.pdf' }] });
    await chat.say('Contoso');
    await chat.say('none');
    await chat.say('submit');
    assert.ok(await submitted(chat));
    assert.equal(chat.turns, 15);
  });
});
