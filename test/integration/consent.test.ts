// Consent that reaches the customer, and what reviewers need (issue 20 items 3 and 6): a customer contact on the
// partner's own domain is refused at entry (step by step, in a sentence; the one-card form is in claimForm.test.ts),
// what an edit brings unverified is flagged in the review card's key facts and Approve needs the reviewer's tick;
// with Graph the e-mail's domain must resolve to the claimed tenant. Editing while Submitted, a second proof kept
// beside the first with both links on the review card, and the two new rejection reasons. On the embedded Cosmos
// server, through the bot.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { TeamsInfo } from 'botbuilder';
import { proofsOf, type Claim } from '../../services/domain/claim';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { cardData, claimIn, CUSTOMER_TENANT } from '../helpers/claims';
import { actionsOf } from '../helpers/cardActions';
import { graphEnv, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';
import { it as itStrings } from '../../services/strings/it';

const PDF = `data:application/pdf;base64,${Buffer.from('%PDF-1.4 dated, signed statement of work').toString('base64')}`;
const file = (name: string) => ({ attachments: [{ contentType: 'application/pdf', contentUrl: PDF, name }] });
const PARTNER_DOMAIN_REFUSAL = /al@partner\.example is on your own organisation's domain\. The customer is asked for consent at this address/;

async function claimsOf(world: BotWorld): Promise<Claim[]> {
  const { resources } = await world.store.containers.associations.items
    .query<Claim>({ query: "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @p", parameters: [{ name: '@p', value: TENANT }] })
    .fetchAll();
  return resources;
}

const reread = async (world: BotWorld, claim: Claim) => (await world.deps.claims.get(claim.partnerTenantId, claim.id)) as Claim;

/** The review card as a reviewer sees it now (demo mode: Alice reviews too). */
async function reviewCardOf(world: BotWorld, claim: Claim, locale?: string): Promise<Record<string, unknown>> {
  const chat = new Chat(world, locale ? { ...alice, locale } : alice);
  const { response } = await chat.click('review.refresh', cardData(claim));
  assert.equal(response.body.statusCode, 200, JSON.stringify(response.body));
  return response.body.value as Record<string, unknown>;
}

/** The facts shown before "Show details", as title → value. */
function keyFacts(card: Record<string, unknown>): Map<string, string> {
  const body = card.body as Record<string, unknown>[];
  const facts = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'FactSet') for (const f of obj.facts as { title: string; value: string }[]) facts.set(f.title, f.value);
      else Object.values(obj).forEach(walk);
    }
  };
  walk(body.filter((e) => e.id !== 'details'));
  return facts;
}

describe('consent reaches the customer (no Graph)', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
    // Teams' roster knows Alice's address (her UPN): its domain is the partner's own.
    sinon.stub(TeamsInfo, 'getMember').resolves({ id: alice.id, name: alice.name, email: 'alice@partner.example' });
  });
  afterEach(async () => {
    sinon.restore();
    await world.close();
  });

  it("step by step: a customer contact on the user's own domain is refused and asked again; the customer's address is taken", async () => {
    const chat = new Chat(world, alice);
    for (const answer of ['new association', 'Microsoft 365', '1234567', 'contoso.com', CUSTOMER_TENANT, 'Intune']) await chat.ask(answer);
    const refused = await chat.ask('Al Bianchi, CIO, al@partner.example');
    assert.match(refused, PARTNER_DOMAIN_REFUSAL);
    assert.match(refused, /give the customer contact's e-mail at contoso\.com/);
    assert.match(refused, /Customer contact: their name, job title and e-mail/, 'the customer contact is asked again');
    assert.match(await chat.ask('Jane Doe, CIO, jane@contoso.com'), /Are you the partner contact|partner contact/i);
    for (const answer of ['yes', 'later', 'Contoso Intune', 'none', 'submit']) await chat.ask(answer);
    const [claim] = await claimsOf(world);
    assert.deepEqual(
      [claim.customerContact.email, claim.contactCheck, claim.partnerContact.email],
      ['jane@contoso.com', 'customerDomain', 'alice@partner.example'],
    );
  });

  it('in one sentence: the customer contact on the partner domain is refused, said why, and asked for', async () => {
    const chat = new Chat(world, alice);
    const said = await chat.ask(`claim contoso.com ${CUSTOMER_TENANT} for Teams, partner id 4567890, customer contact al@partner.example`);
    assert.match(said, PARTNER_DOMAIN_REFUSAL);
    assert.equal((await claimsOf(world)).length, 0, 'nothing stored');
  });

  it('edited onto the partner domain while Submitted: saved and flagged in the key facts; Approve needs the tick', async () => {
    const claim = await claimIn(world, 'Submitted', { workloads: ['Intune'], customerTenantId: randomUUID() });
    const chat = new Chat(world, alice);
    const opened = await chat.click('claim.edit', cardData(claim));
    assert.equal(opened.response.body.statusCode, 200, 'a Submitted claim may be edited');
    await chat.ask('edit');
    await chat.ask('Customer contact');
    await chat.ask('Al Bianchi, CIO, al@partner.example');
    const saved = await chat.ask('submit');
    assert.match(saved, new RegExp(`Saved: claim ${claim.id} is now Submitted`));
    assert.match(saved, /The customer contact could not be verified: a reviewer will check it/);
    const edited = await reread(world, claim);
    assert.deepEqual([edited.status, edited.customerContact.email, edited.contactCheck], ['Submitted', 'al@partner.example', 'partnerDomain']);
    assert.equal(edited.version, claim.version + 1, 'an edit is a new version: older cards are out of date');

    const started = await chat.click('review.start', cardData(edited));
    assert.equal(started.response.body.statusCode, 200);
    const underReview = await reread(world, claim);
    const card = await reviewCardOf(world, underReview);
    assert.match(keyFacts(card).get('Customer contact check') ?? '', /^⚠ Not verified: al@partner\.example is on the partner's own domain/);
    const approve = actionsOf(card).find((a) => a.verb === 'review.approve');
    assert.ok(approve, 'Approve is offered');
    assert.match(JSON.stringify(card), /"type":"Input.Toggle","id":"review.approve.contactChecked","title":"I checked the customer contact"/);

    const untied = await chat.click('review.approve', cardData(underReview));
    assert.equal(untied.response.body.statusCode, 400);
    assert.match((untied.response.body.value as { message: string }).message, /tick "I checked the customer contact"/);
    const unchanged = await reread(world, claim);
    assert.deepEqual([unchanged.status, unchanged.version], ['UnderReview', underReview.version], 'nothing changed');
    const unticked = await chat.click('review.approve', cardData(underReview, { 'review.approve.contactChecked': 'false' }));
    assert.equal(unticked.response.body.statusCode, 400);

    const ticked = await chat.click('review.approve', cardData(underReview, { 'review.approve.contactChecked': 'true' }));
    assert.equal(ticked.response.body.statusCode, 200);
    assert.equal((await reread(world, claim)).status, 'Approved');
  });

  it('a verified contact is approved with a plain click, and its key fact says why it is fine', async () => {
    const claim = await claimIn(world, 'UnderReview');
    assert.match(keyFacts(await reviewCardOf(world, claim)).get('Customer contact check') ?? '', /^jane@contoso\.com: on the customer domain$/);
    const { response } = await new Chat(world, alice).click('review.approve', cardData(claim));
    assert.equal(response.body.statusCode, 200);
  });

  it('a second proof of execution is kept beside the first, and the review card links both', async () => {
    const claim = await claimIn(world, 'PartnerActionRequired');
    const chat = new Chat(world, alice);
    await chat.ask(file('sow-dated-signed.pdf'));
    const { response } = await chat.click('partner.respond', cardData(claim, { comment: 'The dated, signed SOW is attached.' }));
    assert.equal(response.body.statusCode, 200);
    const answered = await reread(world, claim);
    assert.equal(answered.poe?.fileName, 'sow-dated-signed.pdf');
    assert.deepEqual(
      answered.earlierProofs?.map((p) => p.fileName),
      ['sow.pdf'],
      'the first proof is kept',
    );
    const proofs = keyFacts(await reviewCardOf(world, answered)).get('Proof of execution') ?? '';
    const links = [...proofs.matchAll(/\[([^\]]+)\]\(([^)]+)\)/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      links.map(([name]) => name),
      ['sow.pdf', 'sow-dated-signed.pdf'],
    );
    for (const [, url] of links) assert.match(url, /\/files\/[^?]+\?token=/, 'each a signed link');
    assert.match(links[1][1], new RegExp(`/files/${answered.poe?.fileId}\\?`));
  });

  it('a dispute with a new proof keeps the rejected one beside it', async () => {
    const claim = await claimIn(world, 'Rejected');
    const chat = new Chat(world, alice);
    await chat.ask(file('sow-signed-page4.pdf'));
    const { response } = await chat.click('claim.dispute', cardData(claim, { comment: 'The SOW is signed on page 4.' }));
    assert.equal(response.body.statusCode, 200);
    const disputed = await reread(world, claim);
    assert.deepEqual([disputed.status, ...proofsOf(disputed).map((p) => p.fileName)], ['UnderReview', 'sow.pdf', 'sow-signed-page4.pdf']);
  });

  it('the rejection reasons include a domain–tenant mismatch and an unverified customer contact, in English and Italian', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const choicesOf = (card: Record<string, unknown>) => JSON.stringify(card).match(/"id":"review\.reject\.reason"[^\]]*\]/)?.[0] ?? '';
    const english = choicesOf(await reviewCardOf(world, claim));
    assert.match(english, /\{"title":"Domain–tenant mismatch","value":"Domain–tenant mismatch"\}/);
    assert.match(english, /\{"title":"Customer contact not verified","value":"Customer contact not verified"\}/);
    const italian = choicesOf(await reviewCardOf(world, claim, 'it-IT'));
    assert.match(
      italian,
      new RegExp(`\\{"title":"${itStrings.review.rejectionReasons['Customer contact not verified']}","value":"Customer contact not verified"\\}`),
    );
    assert.match(italian, /"title":"Dominio e tenant non corrispondono","value":"Domain–tenant mismatch"/);
    const rejected = await new Chat(world, alice).click(
      'review.reject',
      cardData(claim, { reason: 'Customer contact not verified', comment: 'The contact is ours.' }),
    );
    assert.equal(rejected.response.body.statusCode, 200);
    assert.equal((await reread(world, claim)).history.at(-1)?.reason, 'Customer contact not verified');
  });
});

describe('consent reaches the customer (Graph)', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  let world: BotWorld;
  before(async () => {
    graph = await startFakeGraph();
    graph.domains.set('contoso.com', CUSTOMER_TENANT);
    graph.domains.set('contoso.it', CUSTOMER_TENANT);
    graph.domains.set('fabrikam.com', '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b');
  });
  after(() => graph.close());
  beforeEach(async () => {
    world = await openWorld(graphEnv(graph));
  });
  afterEach(() => world.close());

  async function untilContact(chat: Chat) {
    for (const answer of ['new association', 'Microsoft 365', '1234567', 'contoso.com', CUSTOMER_TENANT, 'Intune']) await chat.ask(answer);
  }

  it("another tenant's address is refused; one of the customer tenant's other domains is taken, matched", async () => {
    const chat = new Chat(world, alice);
    await untilContact(chat);
    assert.match(await chat.ask('Fay Fabrikam, CIO, fay@fabrikam.com'), /fay@fabrikam\.com does not belong to the customer tenant \(the one of contoso\.com\)/);
    await chat.ask('Giulia Verdi, CTO, giulia@contoso.it');
    for (const answer of ['Alice Rossi, alice@partner.example', 'later', 'Contoso Intune', 'none', 'submit']) await chat.ask(answer);
    const [claim] = await claimsOf(world);
    assert.deepEqual([claim.customerContact.email, claim.contactCheck], ['giulia@contoso.it', 'tenantMatched']);
    assert.ok(graph.requests.some((r) => r.path.includes("findTenantInformationByDomainName(domainName='contoso.it')")));
  });

  it('a contact on the customer domain Graph already matched is taken without a second lookup', async () => {
    const chat = new Chat(world, alice);
    const before = graph.requests.length;
    await untilContact(chat);
    await chat.ask('Jane Doe, CIO, jane@contoso.com');
    for (const answer of ['Alice Rossi, alice@partner.example', 'later', 'Contoso Intune', 'none', 'submit']) await chat.ask(answer);
    const [claim] = await claimsOf(world);
    assert.equal(claim.contactCheck, 'tenantMatched');
    const lookups = graph.requests.slice(before).filter((r) => r.path.includes("findTenantInformationByDomainName(domainName='contoso.com')"));
    assert.equal(lookups.length, 1, 'the tenant check only');
  });

  it('an edit of something else while Graph is down leaves a verified contact verified', async () => {
    const claim = await claimIn(world, 'Submitted', { workloads: ['Intune'], customerTenantId: CUSTOMER_TENANT });
    await world.store.containers.associations.item(claim.id, claim.partnerTenantId).patch([{ op: 'set', path: '/contactCheck', value: 'tenantMatched' }]);
    const chat = new Chat(world, alice);
    await chat.click('claim.edit', cardData(await reread(world, claim)));
    await chat.ask('edit');
    await chat.ask('Claim name');
    graph.failNext(500, { times: 100 });
    await chat.ask('Contoso Intune renamed');
    const saved = await chat.ask('submit');
    graph.failNext(500, { times: 0 });
    assert.doesNotMatch(saved, /could not be verified/);
    assert.deepEqual([(await reread(world, claim)).name, (await reread(world, claim)).contactCheck], ['Contoso Intune renamed', 'tenantMatched']);
  });

  it('Graph unreachable: the contact is taken, the partner told, and the review card flags it', async () => {
    const chat = new Chat(world, alice);
    await untilContact(chat);
    // Down until the claim is stored (the partner contact's answer checks the contact again, against its domain).
    graph.failNext(500, { times: 100 });
    const said = await chat.ask('Giulia Verdi, CTO, giulia@contoso.it');
    assert.match(said, /I could not check that the customer contact's e-mail belongs to the customer tenant/);
    for (const answer of ['Alice Rossi, alice@partner.example', 'later', 'Contoso Intune', 'none', 'submit']) await chat.ask(answer);
    graph.failNext(500, { times: 0 });
    const [claim] = await claimsOf(world);
    assert.equal(claim.contactCheck, 'lookupFailed');
    const card = await reviewCardOf(world, claim);
    assert.match(keyFacts(card).get('Customer contact check') ?? '', /^⚠ Not verified: giulia@contoso\.it could not be looked up/);
  });
});
