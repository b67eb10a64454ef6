// Contacts read as people write them (issue 21 item 4): in the step-by-step dialog each contact is one small card
// or one typed line, split into name, job title and e-mail and said back; a name or title holding an e-mail is
// refused (in the dialog and on the one-card form); after a sentence the pre-filled one-card form is offered.
// Through TestAdapter on the embedded Cosmos server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CUSTOMER_TENANT } from '../helpers/claims';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, textOf, type BotWorld } from '../helpers/chat';
import { alice, TENANT, type Who } from '../helpers/activities';
import { actionsOf } from '../helpers/cardActions';
import { en } from '../../services/strings/en';

async function claimsOf(world: BotWorld): Promise<Claim[]> {
  const { resources } = await world.store.containers.associations.items
    .query<Claim>({ query: "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @p", parameters: [{ name: '@p', value: TENANT }] })
    .fetchAll();
  return resources;
}

type Node = Record<string, unknown>;

/** Every input of a card, by id. */
function inputsOf(card: unknown): Map<string, Node> {
  const found = new Map<string, Node>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Node;
      if (typeof obj.type === 'string' && obj.type.startsWith('Input.')) found.set(obj.id as string, obj);
      Object.values(obj).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The error text right under an input (the Attention block after it in its container). */
function errorUnder(card: unknown, id: string): string | undefined {
  let error: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      const at = node.findIndex((n) => (n as Node)?.id === id);
      if (at >= 0) error = (node.slice(at + 1).find((n) => (n as Node).color === 'Attention') as Node | undefined)?.text as string | undefined;
      node.forEach(walk);
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return error;
}

let n = 0;
const someone = (): Who => ({ id: `29:contact-${++n}`, name: 'Carla Contact' });

/** "new association" up to the customer contact question (Microsoft 365, Intune). */
async function untilCustomerContact(chat: Chat): Promise<string> {
  let last = '';
  // A customer tenant of its own: no test's claim is a duplicate of another's.
  for (const answer of ['new association', 'Microsoft 365', '1234567', 'northwind.com', randomUUID(), 'Intune']) last = await chat.ask(answer);
  return last;
}

describe('contacts read as people write them', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('the customer contact is asked on one small card, each input with a label', async () => {
    const chat = new Chat(world, someone());
    const replies = await chat.say('new association');
    assert.ok(replies.length);
    for (const answer of ['Microsoft 365', '1234567', 'contoso.com', randomUUID()]) await chat.ask(answer);
    const [question] = (await chat.say('Intune')).filter((r) => r.attachments?.some((a) => inputsOf(a.content).has('contactName')));
    assert.ok(question, 'a contact card');
    const card = question.attachments![0].content;
    const inputs = inputsOf(card);
    assert.deepEqual([...inputs.keys()], ['contactName', 'contactTitle', 'contactEmail']);
    assert.deepEqual(
      [...inputs.values()].map((i) => i.label),
      [en.contact.labels.name, en.contact.labels.title, en.contact.labels.email],
    );
    const button = actionsOf(card).find((a) => a.verb === 'form');
    assert.equal(button?.data?.field, 'customerContact');
  });

  it('one typed line is split into its fields, each said back, and stored as such (not as the name)', async () => {
    const chat = new Chat(world, alice);
    await untilCustomerContact(chat);
    const said = await chat.ask('Nina North, CIO, nina@northwind.com');
    assert.match(said, /Customer contact: Name: Nina North · Job title: CIO · E-mail: nina@northwind\.com\./);
    assert.match(said, /Partner contact: their name and e-mail/, 'the next contact, on its card');
    for (const answer of ['alice@partner.example, Alice Rossi', 'later', 'Northwind', 'none', 'submit']) await chat.ask(answer);
    const [claim] = (await claimsOf(world)).filter((c) => c.createdBy.id === alice.id);
    assert.deepEqual(claim.customerContact, { name: 'Nina North', title: 'CIO', email: 'nina@northwind.com' });
    assert.deepEqual(claim.partnerContact, { name: 'Alice Rossi', email: 'alice@partner.example' });
  });

  it('the card: its three inputs are taken at once; the clicked card records the answer', async () => {
    const chat = new Chat(world, someone());
    await untilCustomerContact(chat);
    const { response, replies } = await chat.click('form', {
      field: 'customerContact',
      contactName: 'Nina North',
      contactTitle: 'CIO',
      contactEmail: 'nina@northwind.com',
      prompt: 'Customer contact',
    });
    assert.equal(response.status, 200);
    assert.doesNotMatch(JSON.stringify(response.body.value), /Input\./, 'the card is answered, not asked again');
    const said = replies.map(textOf).join('\n');
    assert.match(said, /Customer contact: Name: Nina North · Job title: CIO · E-mail: nina@northwind\.com\./);
    assert.match(said, /Partner contact/);
  });

  it('a name holding an e-mail on the card: refused under the name, every value kept as typed, nothing taken', async () => {
    const chat = new Chat(world, someone());
    await untilCustomerContact(chat);
    const typed = { contactName: 'Nina North, CIO, nina@northwind.com', contactTitle: 'CIO', contactEmail: 'nina@northwind.com' };
    const { response, replies } = await chat.click('form', { field: 'customerContact', ...typed, prompt: 'Customer contact' });
    const card = response.body.value;
    assert.equal(errorUnder(card, 'contactName'), en.contact.nameIsEmail);
    assert.equal(errorUnder(card, 'contactTitle'), undefined);
    assert.deepEqual(Object.fromEntries([...inputsOf(card)].map(([id, input]) => [id, input.value])), typed);
    assert.equal(replies.length, 0, 'the card is the answer');
    // Still the customer contact's question: a good line now is taken.
    assert.match(await chat.ask('Nina North, CIO, nina@northwind.com'), /Name: Nina North · Job title: CIO/);
  });

  it('a job title that is an e-mail address, typed: refused with a clear message, and asked again', async () => {
    const chat = new Chat(world, someone());
    await untilCustomerContact(chat);
    // One message: the refusal as its first paragraph, then the question again with its card.
    const [again, ...more] = await chat.say('name: Nina North; title: nina@northwind.com');
    assert.equal(more.length, 0);
    assert.equal(again.text?.split('\n\n')[0], en.contact.titleIsEmail);
    assert.match(JSON.stringify(again.attachments), /"id":"contactTitle"/, 'the contact card again');
    assert.match(await chat.ask('Nina North, CIO, nina@northwind.com'), /Job title: CIO/);
  });

  it('one part at a time still works, each confirmed with what the contact has, the rest asked on the card', async () => {
    const chat = new Chat(world, someone());
    await untilCustomerContact(chat);
    const afterName = await chat.say('Jane Doe');
    const text = afterName.map(textOf).join('\n');
    assert.match(text, /Customer contact: Name: Jane Doe\./);
    assert.match(text, /I still need their job title and e-mail/);
    const card = afterName.flatMap((r) => r.attachments ?? []).find((a) => inputsOf(a.content).has('contactName'));
    assert.equal(inputsOf(card?.content).get('contactName')?.value, 'Jane Doe', 'what it has is on the card');
    assert.match(await chat.ask('CIO'), /I still need their e-mail/);
    assert.match(await chat.ask('jane doe at contoso'), /not an e-mail address/i, 'the missing e-mail, refused by its rule');
  });
});

describe('the one-card form refuses a name or a title holding an e-mail', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('"Nina North, CIO, nina@northwind.com" as the name, and an e-mail as the job title: each refused under its field', async () => {
    const chat = new Chat(world, someone());
    await chat.say('new association');
    const { replies } = await chat.click('choice', { text: 'Fill in one card', prompt: 'x' });
    const card = replies.flatMap((r) => r.attachments ?? []).find((a) => inputsOf(a.content).has('customerName'));
    const claimId = actionsOf(card?.content).find((a) => a.verb === 'claimForm.submit')?.data?.claimId;
    const { response } = await chat.click('claimForm.submit', {
      claimForm: 'submit',
      claimId,
      solutionArea: 'microsoft365',
      activity: 'usage',
      partnerId: '1234567',
      customerDomain: 'northwind.com',
      customerTenantId: CUSTOMER_TENANT,
      workloads: 'Intune',
      customerName: 'Nina North, CIO, nina@northwind.com',
      customerTitle: 'nina@northwind.com',
      customerEmail: 'nina@northwind.com',
      partnerName: 'Carla Contact',
      partnerEmail: 'carla@partner.example',
    });
    const form = response.body.value;
    assert.equal(errorUnder(form, 'customerName'), en.contact.nameIsEmail);
    assert.equal(errorUnder(form, 'customerTitle'), en.contact.titleIsEmail);
  });
});

describe('after a sentence, the one-card form is offered, filled with what it took', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it('the offer comes right after what was taken, and its button opens the form with those values', async () => {
    const chat = new Chat(world, someone());
    const first = await chat.ask(`claim contoso.com ${CUSTOMER_TENANT} for Teams, partner id 4567890, customer contact jane@contoso.com`);
    assert.match(first, /From what you wrote I took:[\s\S]*Fill in the rest on one card/);
    const { replies } = await chat.click('choice', { text: en.claimForm.oneCardButton, prompt: 'x' });
    const card = replies.flatMap((r) => r.attachments ?? []).find((a) => inputsOf(a.content).has('customerDomain'));
    assert.ok(card, replies.map(textOf).join('\n'));
    const values = Object.fromEntries([...inputsOf(card.content)].map(([id, input]) => [id, input.value]));
    assert.deepEqual(
      [values.partnerId, values.customerDomain, values.customerTenantId, values.workloads, values.customerEmail],
      ['4567890', 'contoso.com', CUSTOMER_TENANT, 'Microsoft Teams', 'jane@contoso.com'],
    );
  });
});
