// Cards at the limits (issue 19 item 3): a claim with every field at its longest still renders a review card, a
// summary, a detail card and a claim form Teams takes (LIMITS.cardBytes); a card over it never leaves as a card.
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { cardAttachment, renderCard } from '../../cards';
import { CardBudget } from '../../bot/teams/cardBudget';
import { summaryFacts } from '../../bot/teams/claimFacts';
import { formCardData, draftValues } from '../../bot/teams/dialogs/claimForm';
import { reviewCard } from '../../bot/teams/reviewCard';
import { DEFAULT_CATALOGUE, type Claim } from '../../services/domain/claim';
import { DEFAULT_POLICY } from '../../services/domain/rules';
import { LIMITS } from '../../services/domain/validation';
import * as validate from '../../services/domain/validation';
import { validateClaim } from '../../services/domain/fields';
import { en } from '../../services/strings/en';
import { it as itStrings } from '../../services/strings/it';
import { memoryLogger } from '../helpers/testApp';

const AT = '2026-11-16T09:00:00.000Z';
/** Characters that JSON escapes or UTF-8 widens: the worst case for a card's bytes. */
const longest = (n: number) => 'è"<'.repeat(Math.ceil(n / 3)).slice(0, n);
const email = (n: number) => `${'a'.repeat(n - '@contoso.com'.length)}@contoso.com`;
const domain = () => [...Array(3)].map(() => 'd'.repeat(63)).join('.') + '.' + 'c'.repeat(LIMITS.domain - 3 * 64);

function claimAtTheLimits(): Claim {
  const person = { id: '29:alice', name: longest(LIMITS.name) };
  const contact = { name: longest(LIMITS.text), title: longest(LIMITS.text), email: email(LIMITS.email) };
  return {
    id: 'CPOR-LIMITS',
    type: 'claim',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    partnerName: longest(LIMITS.name),
    tenantCheck: 'matched',
    program: 'OSU Business Applications',
    solutionArea: 'businessApplications',
    activity: 'usage',
    partnerId: '1234567890',
    customerDomain: domain(),
    customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
    product: DEFAULT_CATALOGUE.products.reduce((a, b) => (b.length > a.length ? b : a)),
    subscriptionId: '5b0d6b8e-3f7a-4c1e-9d2a-7e4f1c3b2a19',
    customerContact: contact,
    technicalContact: contact,
    partnerContact: { name: contact.name, email: contact.email },
    name: longest(LIMITS.name),
    comments: longest(LIMITS.comments),
    status: 'Submitted',
    poe: { fileId: 'f-1', fileName: `${longest(200)}.pdf`, contentType: 'application/pdf', size: 1000, uploadedAt: AT, uploadedBy: person.id },
    competing: false,
    createdBy: person,
    createdAt: AT,
    updatedAt: AT,
    version: 2,
    history: [
      { at: AT, by: person, action: 'created', to: 'Draft' },
      { at: AT, by: person, action: 'submit', from: 'Draft', to: 'Submitted' },
    ],
    notices: [],
    reviewCards: [],
    reviewQueuedAt: AT,
  };
}

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

describe('cards at the limits', () => {
  const claim = claimAtTheLimits();

  it('the claim at the limits is one the validators accept (every field at its longest, no longer)', () => {
    assert.deepEqual(validateClaim(claim, DEFAULT_CATALOGUE), []);
    assert.equal(validate.text(longest(LIMITS.text + 1)).ok, false);
  });

  for (const [language, s] of [
    ['English', en],
    ['Italian', itStrings],
  ] as const) {
    it(`renders its review card, summary and claim form under ${LIMITS.cardBytes} bytes (${language})`, () => {
      const review = reviewCard(
        claim,
        [claim],
        {
          canAct: true,
          poeUrl: (id) => `https://bot.example/files/${id}?sig=${'s'.repeat(200)}`,
          refreshUserIds: [],
          at: new Date(AT),
          policy: DEFAULT_POLICY,
        },
        s,
      );
      const draft = { claimId: claim.id, partnerTenantId: claim.partnerTenantId, me: { name: claim.createdBy.name }, fields: claim, poe: claim.poe };
      const summary = cardAttachment('claimSummary', {
        title: s.claim.summaryTitle,
        intro: s.claim.summaryIntro,
        facts: summaryFacts(draft, s),
        note: '',
        claimId: claim.id,
        actions: [],
      });
      const form = renderCard(
        'claimForm',
        formCardData({ draft, area: 'businessApplications', activity: 'usage', values: draftValues(claim), partnerIds: ['1234567890'] }, s, DEFAULT_CATALOGUE, {
          errors: Object.fromEntries(Object.keys(draftValues(claim)).map((k) => [k, s.validation.tooLong(String(LIMITS.comments))])),
        }),
      );
      for (const [name, card] of [
        ['review', review.content],
        ['summary', summary.content],
        ['form', form],
      ] as const) {
        assert.ok(bytes(card) < LIMITS.cardBytes, `${name} card: ${bytes(card)} bytes`);
      }
    });
  }
});

describe('card budget at the send path', () => {
  const send = async (activity: Partial<Activity>) => {
    const { log, lines } = memoryLogger();
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(activity);
    }).use(new CardBudget(log));
    await adapter.receiveActivity({ type: 'message', text: 'hi', locale: 'en-US' });
    return { sent: adapter.activeQueue.splice(0), logged: lines() };
  };
  const card = (chars: number) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(chars) }] });

  it('sends a card under the limit as it is', async () => {
    const { sent } = await send({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card(LIMITS.cardBytes - 500) }] });
    assert.equal(sent[0].attachments?.length, 1);
  });

  it('replaces a card over the limit by a message saying so, and logs it', async () => {
    const { sent, logged } = await send({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card(LIMITS.cardBytes) }] });
    assert.deepEqual(sent[0].attachments, []);
    assert.equal(sent[0].text, en.errors.cardTooLarge);
    assert.ok(logged.some((l) => /over the Teams size limit/.test(String(l.msg))));
  });

  it("replaces an invoke's card answer over the limit by a message answer", async () => {
    const body = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card(LIMITS.cardBytes) };
    const { sent } = await send({ type: 'invokeResponse', value: { status: 200, body } });
    assert.deepEqual((sent[0].value as { body: unknown }).body, {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: en.errors.cardTooLarge,
    });
  });
});
