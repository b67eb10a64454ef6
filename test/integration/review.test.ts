// Reviews on Universal Action cards: every verb x role x state, races, forged invokes, proactive delivery
// through a real CloudAdapter to the local Bot Connector (429, first contact), deadlines, the scheduler's expiry.
import assert from 'node:assert/strict';
import { businessDaysBetween } from '../../services/businessDays';
import fs from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { TeamsInfo, type Activity } from 'botbuilder';
import type { Claim, ClaimStatus } from '../../services/domain/claim';
import { allLanguages } from '../../services/strings';
import { conversationKey } from '../../services/conversationStore';
import { SYSTEM_ACTOR } from '../../bot/workers/scheduler';
import { schedulerOn } from '../helpers/scheduler';
import { Chat, openWorld, type BotWorld, openWorldKnowing } from '../helpers/chat';
import { alice, TENANT, REVIEWER_TENANT, OTHER_TENANT, rita, type Who } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { claimIn, CUSTOMER_TENANT } from '../helpers/claims';
import { graphEnv, startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';

const rob: Who = { id: '29:rob', name: 'Rob Reviewer', tenantId: REVIEWER_TENANT };
const pete: Who = { id: '29:pete', name: 'Pete Partner', tenantId: TENANT };
const outsiderReviewer: Who = { id: '29:oscar', name: 'Oscar Outsider', tenantId: OTHER_TENANT };
/** An Incentives user of another organisation, a member of a shared channel hosted by TENANT. */
const bruno: Who = { id: '29:bruno', name: 'Bruno Other', tenantId: OTHER_TENANT };
const SHARED_CHANNEL = '19:shared-with-partners@thread.tacv2';

let rolesFile: string;
before(() => {
  rolesFile = path.join(tempDir(), 'roles.json');
  fs.writeFileSync(
    rolesFile,
    JSON.stringify({
      [alice.id]: ['incentivesAdmin'],
      [pete.id]: ['incentivesUser'],
      [rita.id]: ['reviewer'],
      [rob.id]: ['reviewer'],
      [outsiderReviewer.id]: ['reviewer'],
      [bruno.id]: ['incentivesUser'],
    }),
  );
});

const data = (claim: Claim, extra: Record<string, unknown> = {}) => ({
  claimId: claim.id,
  partnerTenantId: claim.partnerTenantId,
  version: claim.version,
  ...extra,
});

const VERB_INPUT: Record<string, Record<string, unknown>> = {
  'review.start': {},
  'review.approve': {},
  'review.reject': { reason: 'Insufficient proof of execution', comment: 'The SOW is not signed.' },
  'review.requestInfo': { reason: 'Missing Customer Acknowledgement', comment: 'Please attach the acknowledgement.' },
};
const EXPECTED: Record<string, Partial<Record<ClaimStatus, ClaimStatus>>> = {
  'review.start': { Submitted: 'UnderReview' },
  'review.approve': { UnderReview: 'Approved' },
  'review.reject': { UnderReview: 'Rejected' },
  'review.requestInfo': { UnderReview: 'PartnerActionRequired' },
};
const STATES: ClaimStatus[] = ['Draft', 'Submitted', 'UnderReview', 'PartnerActionRequired', 'Approved', 'Rejected'];

describe('review actions (invoke level)', function () {
  this.timeout(120_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld({ ROLES_FILE: rolesFile, INVOKE_DEADLINE_MS: '5000' });
  });
  after(() => world.close());
  afterEach(() => sinon.restore());

  for (const verb of Object.keys(VERB_INPUT)) {
    for (const state of STATES) {
      for (const [role, who] of [
        ['reviewer', rita],
        ['incentives admin', alice],
        ['nobody', { id: '29:nobody', name: 'No Body' } as Who],
      ] as const) {
        const to = EXPECTED[verb][state];
        const outcome = role !== 'reviewer' ? '403, nothing changes' : to ? `200, ${state} → ${to}` : '400, nothing changes';
        it(`${verb} on ${state} by ${role}: ${outcome}`, async () => {
          const claim = await claimIn(world, state);
          const { response } = await new Chat(world, who).click(verb, data(claim, VERB_INPUT[verb]));
          const after = await world.deps.claims.get(claim.partnerTenantId, claim.id);
          if (role === 'reviewer' && to) {
            assert.equal(response.body.statusCode, 200);
            assert.equal(response.body.type, 'application/vnd.microsoft.card.adaptive');
            assert.equal(after?.status, to);
            const entry = after?.history.at(-1);
            assert.equal(entry?.by.id, rita.id);
            assert.equal(entry?.from, state);
            assert.equal(entry?.to, to);
            assert.match(JSON.stringify(response.body.value), new RegExp(`by Rita Reviewer`));
          } else {
            assert.equal(response.body.type, 'application/vnd.microsoft.error');
            assert.equal(response.body.statusCode, role === 'reviewer' ? 400 : 403);
            assert.ok((response.body.value as { message: string }).message.length > 10);
            assert.equal(after?.version, claim.version, 'nothing changed');
            assert.equal(after?.status, state);
          }
        });
      }
    }
  }

  it('a reviewer sees the actions of the state on refresh; anyone else a read-only card', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const asReviewer = await new Chat(world, rita).click('review.refresh', data(claim));
    const asPartner = await new Chat(world, alice).click('review.refresh', data(claim));
    const reviewerCard = JSON.stringify(asReviewer.response.body.value);
    const partnerCard = JSON.stringify(asPartner.response.body.value);
    for (const verb of ['review.approve', 'review.reject', 'review.requestInfo']) {
      assert.ok(reviewerCard.includes(`"verb":"${verb}"`), verb);
      assert.ok(!partnerCard.includes(`"verb":"${verb}"`), `no ${verb} for the partner`);
    }
    assert.match(partnerCard, /Open PoE: sow\.pdf/, 'the PoE link is for everyone');
    assert.match(reviewerCard, /"refresh":\{"action":\{"type":"Action.Execute","verb":"review.refresh"/);
  });

  it('refresh: a user of another organisation learns nothing from a forged claim id', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const { response } = await new Chat(world, { id: '29:olga', name: 'Olga', tenantId: OTHER_TENANT }).click('review.refresh', data(claim));
    assert.equal(response.body.statusCode, 403);
    assert.doesNotMatch(JSON.stringify(response.body.value), /sow\.pdf|contoso/);
  });

  describe("a shared channel hosted by the claim's organisation (its tenant on every activity)", () => {
    it("partner.respond by another organisation's partner: 403, the claim does not move", async () => {
      const claim = await claimIn(world, 'PartnerActionRequired');
      const { response } = await new Chat(world, bruno, SHARED_CHANNEL, TENANT).click('partner.respond', data(claim, { comment: 'Answered by someone else' }));
      assert.equal(response.body.statusCode, 403);
      assert.match((response.body.value as { message: string }).message, /Only your organisation's incentives users/);
      const after = await world.deps.claims.get(TENANT, claim.id);
      assert.equal(after?.status, 'PartnerActionRequired');
      assert.equal(after?.version, claim.version, 'nothing written');
    });

    it("review.refresh by another organisation's partner: 403, neither the customer tenant nor the proof is shown", async () => {
      const claim = await claimIn(world, 'UnderReview');
      const revealing = new RegExp(`sow\\.pdf|${CUSTOMER_TENANT}`);
      // What the card shows the claim's own partner in their 1:1 chat: the customer tenant and the proof.
      const own = await new Chat(world, pete).click('review.refresh', data(claim));
      assert.equal(own.response.body.statusCode, 200);
      assert.match(JSON.stringify(own.response.body.value), revealing);
      const { response } = await new Chat(world, bruno, SHARED_CHANNEL, TENANT).click('review.refresh', data(claim));
      assert.equal(response.body.statusCode, 403);
      assert.doesNotMatch(JSON.stringify(response.body.value), revealing);
      assert.doesNotMatch(JSON.stringify(response.body.value), /contoso/);
    });

    it("the claim's own partners: in their 1:1 chat only (elsewhere 403 with one line saying so)", async () => {
      const claim = await claimIn(world, 'PartnerActionRequired');
      for (const verb of ['partner.respond', 'review.refresh']) {
        const { response } = await new Chat(world, pete, SHARED_CHANNEL).click(verb, data(claim, { comment: 'From the channel' }));
        assert.equal(response.body.statusCode, 403, verb);
        assert.equal(
          (response.body.value as { message: string }).message,
          "Your organisation's claims are answered and shown only in your 1:1 chat with me. Nothing was changed.",
        );
      }
      assert.equal((await world.deps.claims.get(TENANT, claim.id))?.version, claim.version, 'nothing written');
      const inChat = await new Chat(world, pete).click('partner.respond', data(claim, { comment: 'From the 1:1 chat' }));
      assert.equal(inChat.response.body.statusCode, 200);
    });

    it("when Teams' roster cannot be read, the member acts with no organisation and no role: refused, nothing moves", async () => {
      const claim = await claimIn(world, 'Submitted');
      sinon.stub(TeamsInfo, 'getMember').rejects(new Error('roster unavailable'));
      // Rita may review from this channel when Teams says who she is (the test below); not on the host's word.
      const { response } = await new Chat(world, rita, SHARED_CHANNEL, TENANT).click('review.start', data(claim));
      assert.equal(response.body.statusCode, 403);
      assert.equal((await world.deps.claims.get(TENANT, claim.id))?.version, claim.version, 'nothing written');
      assert.ok(
        world.logs().some((l) => /roster lookup failed/.test(String(l.msg))),
        'the failure is logged',
      );
    });

    it('a partner verb typed in the channel answers one line and changes nothing, whoever types it', async () => {
      const claim = await claimIn(world, 'Submitted');
      const before = await world.deps.claims.list(TENANT, {}, { size: 100 });
      const typed: [Who, string | Partial<Activity>][] = [
        [pete, 'my associations'],
        [pete, 'export'],
        [pete, 'new association'],
        [alice, 'stop reminders'],
        [pete, `claim contoso.com ${CUSTOMER_TENANT} for Teams, partner id 4567890`],
        [bruno, `claim contoso.com ${CUSTOMER_TENANT} for Teams, partner id 4567890`],
        // A summary's Submit sent again from the channel: nothing about the host's claim may come back.
        [bruno, { text: 'submit', value: { claimId: claim.id } }],
      ];
      for (const [who, input] of typed) {
        const replies = await new Chat(world, who, SHARED_CHANNEL, TENANT).say(input);
        const what = `${who.name}: ${JSON.stringify(input)}`;
        assert.equal(replies.length, 1, what);
        assert.equal(replies[0].attachments?.length ?? 0, 0, `${what}: no card`);
        assert.match(replies[0].text ?? '', /^[^\n]+$/, `${what}: one line`);
        assert.doesNotMatch(replies[0].text ?? '', new RegExp(claim.id), `${what}: the claim is not named`);
      }
      const after = await world.deps.claims.list(TENANT, {}, { size: 100 });
      assert.deepEqual(
        after.claims.map((c) => [c.id, c.version]),
        before.claims.map((c) => [c.id, c.version]),
        'no claim stored or changed',
      );
    });

    it("a reviewer acts from a shared channel of another organisation as from their own (their tenant, not the host's)", async () => {
      const claim = await claimIn(world, 'Submitted');
      const { response } = await new Chat(world, rita, SHARED_CHANNEL, TENANT).click('review.start', data(claim));
      assert.equal(response.body.statusCode, 200);
      assert.equal((await world.deps.claims.get(TENANT, claim.id))?.status, 'UnderReview');
    });
  });

  it('text typed by a partner is shown as text on the review card, never as a link', async () => {
    const claim = await claimIn(world, 'UnderReview');
    await world.store.containers.associations
      .item(claim.id, TENANT)
      .patch([{ op: 'set', path: '/name', value: '[Download PoE](https://phish.example) *now*' }]);
    const { response } = await new Chat(world, rita).click('review.refresh', data(claim));
    const card = JSON.stringify(response.body.value);
    assert.ok(card.includes('\\\\[Download PoE\\\\](https://phish.example) \\\\*now\\\\*'), card.slice(0, 300));
  });

  it('rejecting or asking for information needs a listed reason and a comment', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const reviewer = new Chat(world, rita);
    for (const input of [
      {},
      { reason: 'Because', comment: 'x' },
      { reason: 'Insufficient proof of execution', comment: '  ' },
      { reason: 'Customer declined', comment: 'not a reviewer reason' },
    ]) {
      const { response } = await reviewer.click('review.reject', data(claim, input));
      assert.equal(response.body.statusCode, 400, JSON.stringify(input));
    }
    const { response } = await reviewer.click('review.requestInfo', data(claim, { reason: 'Missing Products', comment: '' }));
    assert.equal(response.body.statusCode, 400);
    assert.equal((await world.deps.claims.get(TENANT, claim.id))?.version, claim.version);
  });

  it('forged invokes change nothing: unknown claim, tampered tenant, no data', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const reviewer = new Chat(world, rita);
    const unknown = await reviewer.click('review.approve', data(claim, { claimId: 'CPOR-DOESNOTEXIST' }));
    assert.equal(unknown.response.body.statusCode, 400);
    const tampered = await reviewer.click('review.approve', data(claim, { partnerTenantId: OTHER_TENANT }));
    assert.equal(tampered.response.body.statusCode, 400);
    const noData = await reviewer.click('review.approve', {});
    assert.equal(noData.response.body.statusCode, 400);
    assert.equal((await world.deps.claims.get(TENANT, claim.id))?.status, 'UnderReview');
  });

  it('data that is not what the verb sends is refused with a clear message, before anything is done', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const reviewer = new Chat(world, rita);
    // A version that is not a number (it used to read as NaN: an out-of-date card), a reason that is not text.
    for (const bad of [data(claim, { version: 'latest' }), data(claim, { ...VERB_INPUT['review.reject'], 'review.reject.reason': ['a', 'b'] })]) {
      const { response } = await reviewer.click('review.reject', bad);
      assert.equal(response.body.statusCode, 400);
      assert.equal((response.body.value as { message: string }).message, allLanguages.en.cardData.invalid);
    }
    const after = await world.deps.claims.get(TENANT, claim.id);
    assert.equal(after?.status, 'UnderReview');
    assert.equal(after?.version, claim.version);
    assert.ok(world.logs().some((l) => l.msg === 'card click refused: its data is not what its verb sends' && l.verb === 'review.reject'));
  });

  it('a click on a card older than the claim gets the current card and what changed since, and does nothing', async () => {
    const claim = await claimIn(world, 'Submitted');
    const shown = data(claim, { seen: claim.updatedAt });
    world.clock.advance(60_000);
    const started = await world.deps.claims.transition(claim, { action: 'startReview', actor: { id: rob.id, name: rob.name }, party: 'reviewer' });
    assert.equal(started.kind, 'done');
    // Rita still has the card from before Rob started the review: her Start review must not act on it.
    const { response } = await new Chat(world, rita).click('review.start', shown);
    assert.equal(response.body.statusCode, 200);
    assert.equal(response.body.type, 'application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(response.body.value);
    assert.match(
      card,
      /This card was out of date, so nothing was done\. Since it was shown: [^"]*Rob Reviewer: started the review \(Submitted → Under review\)/,
    );
    assert.match(card, /"text":"Under review · CPOR-/, 'the card shows the claim as it is now');
    assert.match(card, /"verb":"review.approve"/, "the current state's actions");
    const after = await world.deps.claims.get(TENANT, claim.id);
    assert.equal(after?.version, claim.version + 1, 'nothing done beyond Rob’s start');
    assert.equal(after?.reviewer?.id, rob.id);
  });

  it("a reviewer of another tenant than the review channel's is refused", async () => {
    await world.deps.conversations.setReviewChannel({
      tenantId: REVIEWER_TENANT,
      reference: {
        channelId: 'msteams',
        serviceUrl: world.connector.serviceUrl,
        conversation: { id: '19:reviews@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
      },
      setBy: { id: rita.id, name: rita.name },
      setAt: new Date().toISOString(),
    });
    try {
      const claim = await claimIn(world, 'UnderReview');
      const { response } = await new Chat(world, outsiderReviewer).click('review.approve', data(claim));
      assert.equal(response.body.statusCode, 403);
      assert.match((response.body.value as { message: string }).message, /reviewers' organisation/);
      assert.equal((await world.deps.claims.get(TENANT, claim.id))?.status, 'UnderReview');
    } finally {
      await world.deps.conversations.remove('review-channel');
    }
  });

  it('two reviewers deciding at the same moment: exactly one decision is recorded, the other gets the current card saying who decided', async () => {
    for (let round = 0; round < 5; round++) {
      const claim = await claimIn(world, 'UnderReview');
      const [a, b] = await Promise.all([
        new Chat(world, rita).click('review.approve', data(claim)),
        new Chat(world, rob).click('review.reject', data(claim, VERB_INPUT['review.reject'])),
      ]);
      assert.deepEqual([a.response.body.statusCode, b.response.body.statusCode], [200, 200], `round ${round}`);
      const after = await world.deps.claims.get(TENANT, claim.id);
      assert.equal(after?.history.length, claim.history.length + 1, 'one decision in the history');
      const winner = after?.history.at(-1)?.by.name ?? '';
      const loser = winner === rita.name ? b : a;
      assert.match(JSON.stringify(loser.response.body.value), new RegExp(`This card was out of date, so nothing was done[^"]*${winner}`), `round ${round}`);
    }
  });
});

describe('proactive delivery through the local Bot Connector', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    // Alice has chatted with the bot: her personal chat's reference is stored.
    world = await openWorldKnowing([alice], { ROLES_FILE: rolesFile });
  });
  afterEach(() => world.close());

  const partnerMessages = (w: BotWorld) =>
    w.connector.received.filter((r) => r.method === 'POST' && r.path.includes(encodeURIComponent(`a:personal-${alice.id}`)));

  it('tells the partner in the chat where they created the claim, once per transition', async () => {
    const claim = await claimIn(world, 'Submitted');
    await new Chat(world, rita).click('review.start', data(claim));
    await world.delivery.deliverPending(claim);
    const approved = await world.deps.claims.get(TENANT, claim.id);
    await new Chat(world, rita).click('review.approve', data(approved as Claim));
    await world.delivery.deliverPending(claim);
    await world.delivery.deliverPending(claim); // again: nothing left to send
    const texts = partnerMessages(world).map((r) => r.activity.text ?? '');
    assert.equal(texts.filter((t) => /started reviewing/.test(t)).length, 1);
    assert.equal(texts.filter((t) => /was approved/.test(t)).length, 1);
    const stored = await world.deps.claims.get(TENANT, claim.id);
    assert.ok(
      stored?.notices.filter((n) => n.kind === 'partner').every((n) => n.deliveredAt),
      'every partner notice marked delivered',
    );
    const card = stored?.notices.find((n) => n.kind === 'reviewCard' && !n.deliveredAt);
    assert.match(card?.lastError ?? '', /no review channel and no reviewer chat/, 'the card waits for somewhere to go, kept pending');
    assert.equal(card?.failedAt, undefined);
  });

  it('honours 429 Retry-After and delivers exactly once', async () => {
    const claim = await claimIn(world, 'UnderReview');
    await world.delivery.deliverPending(claim);
    const before = world.connector.received.length;
    world.connector.failNext(429, { retryAfterSeconds: 1, times: 2 });
    const started = Date.now();
    await new Chat(world, rita).click('review.approve', data(claim));
    await world.delivery.settled();
    const approvedMessages = partnerMessages(world).filter((r) => /was approved/.test(r.activity.text ?? ''));
    assert.equal(approvedMessages.length, 1, 'delivered once');
    assert.equal(world.connector.refused.filter((r) => r.status === 429).length, 2);
    assert.ok(Date.now() - started >= 1900, 'waited as told by Retry-After');
    assert.ok(world.connector.received.length > before);
  });

  it("opens a chat in the partner's tenant when there is none yet (createConversation)", async () => {
    await world.deps.conversations.remove(conversationKey('personal', TENANT, alice.id));
    const claim = await claimIn(world, 'UnderReview');
    await new Chat(world, rita).click('review.approve', data(claim));
    await world.delivery.deliverPending(claim);
    const create = world.connector.received.find((r) => r.method === 'POST' && /^\/v3\/conversations\/?$/.test(r.path));
    assert.ok(create, 'createConversation called');
    const params = create.activity as unknown as { tenantId: string; members: { id: string }[]; isGroup: boolean };
    assert.equal(params.tenantId, TENANT);
    assert.deepEqual(
      params.members.map((m) => m.id),
      [alice.id],
    );
    const sent = world.connector.received.find((r) => r.path.startsWith('/v3/conversations/a%3Acreated-') && /was approved/.test(r.activity.text ?? ''));
    assert.ok(sent, 'the message went to the new conversation');
    assert.ok(await world.deps.conversations.get(conversationKey('personal', TENANT, alice.id)), 'the new chat is remembered');
  });

  it('marks a notice failed (not retried forever) when the app is not in the chat any more (403)', async () => {
    const claim = await claimIn(world, 'UnderReview');
    await world.delivery.deliverPending(claim);
    world.connector.failNext(403, { times: 10 });
    await new Chat(world, rita).click('review.approve', data(claim));
    await world.delivery.settled();
    const stored = await world.deps.claims.get(TENANT, claim.id);
    assert.ok(
      stored?.notices.some((n) => n.failedAt),
      'recorded as failed',
    );
  });

  it('posts the review card to the review channel once and updates it in place after each action', async () => {
    const channel = new Chat(world, rita, '19:reviews@thread.tacv2;messageid=1');
    assert.match(await channel.ask('use this channel for reviews'), /This channel now receives/);
    assert.match(await new Chat(world, alice, '19:other@thread.tacv2').ask('use this channel for reviews'), /Only reviewers/);
    const claim = await claimIn(world, 'Submitted');
    await world.delivery.deliverPending(claim);
    const posts = world.connector.received.filter(
      (r) => r.method === 'POST' && r.path === `/v3/conversations/${encodeURIComponent('19:reviews@thread.tacv2')}/activities`,
    );
    assert.equal(posts.length, 1, 'posted once to the channel (a new thread)');
    const posted = await world.deps.claims.get(TENANT, claim.id);
    assert.equal(posted?.reviewCards.length, 1);
    await new Chat(world, rita).click('review.start', data(posted));
    await world.delivery.deliverPending(claim);
    const updates = world.connector.received.filter((r) => r.method === 'PUT' && r.path.includes(posted?.reviewCards[0].activityId ?? '?'));
    assert.equal(updates.length, 1, 'updated in place');
    assert.match(JSON.stringify(updates[0].activity.attachments), /Under review/);
  });

  it('the partner answers a request for information on the card: back under review, the card refreshes', async () => {
    const claim = await claimIn(world, 'PartnerActionRequired');
    await world.delivery.deliverPending(claim);
    const request = partnerMessages(world).find((r) => /needs more information/.test(r.activity.text ?? ''));
    assert.ok(request, 'the request reached the partner');
    assert.match(JSON.stringify(request.activity.attachments), /partner\.respond/);
    const stranger = await new Chat(world, { id: '29:olga', name: 'Olga', tenantId: OTHER_TENANT }).click('partner.respond', data(claim, { comment: 'hi' }));
    assert.equal(stranger.response.body.statusCode, 403);
    const empty = await new Chat(world, pete).click('partner.respond', data(claim, { comment: ' ' }));
    assert.equal(empty.response.body.statusCode, 400);
    const answer = await new Chat(world, pete).click('partner.respond', data(claim, { comment: 'Acknowledgement attached to the SOW, page 3.' }));
    assert.equal(answer.response.body.statusCode, 200);
    const after = await world.deps.claims.get(TENANT, claim.id);
    assert.equal(after?.status, 'UnderReview');
    assert.equal(after?.history.at(-1)?.comment, 'Acknowledgement attached to the SOW, page 3.');
    assert.ok(
      after?.notices.some((n) => n.kind === 'reviewCard' && n.version === after.version),
      'the review card is due a refresh',
    );
  });
});

describe('partner action required: 5 business days, then rejected', function () {
  this.timeout(60_000);
  it('the scheduler rejects an unanswered request once its deadline passed, exactly once across instances', async () => {
    const world = await openWorldKnowing([alice], { ROLES_FILE: rolesFile });
    try {
      const underReview = await claimIn(world, 'UnderReview');
      await new Chat(world, rita).click('review.requestInfo', data(underReview, VERB_INPUT['review.requestInfo']));
      await world.delivery.settled();
      const claim = (await world.deps.claims.get(TENANT, underReview.id)) as Claim;
      const deadline = Date.parse(claim.partnerActionDeadline ?? '');
      const asked = Date.parse(claim.history.at(-1)?.at ?? '');
      assert.equal(businessDaysBetween(new Date(asked), new Date(deadline), world.config.businessCalendar), 5, '5 business days to answer');
      const instance = () => schedulerOn(world);
      world.clock.set(new Date(deadline - 1000));
      assert.equal(await instance().expirePartnerActions(), 0, 'not yet');
      world.clock.set(new Date(deadline + 1000));
      const counts = await Promise.all([instance().expirePartnerActions(), instance().expirePartnerActions(), instance().expirePartnerActions()]);
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        1,
        'one instance did it',
      );
      const after = await world.deps.claims.get(TENANT, claim.id);
      assert.equal(after?.status, 'Rejected');
      assert.equal(after?.history.at(-1)?.reason, 'No partner response');
      assert.equal(after?.history.at(-1)?.by.id, SYSTEM_ACTOR.id);
      const told = world.connector.received.filter((r) => /no partner response within 5 business days/.test(r.activity.text ?? ''));
      assert.equal(told.length, 1);
    } finally {
      await world.close();
    }
  });
});

describe('a customer e-mail that could not be sent', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  let world: BotWorld;
  before(async () => {
    graph = await startFakeGraph();
    world = await openWorld({
      ROLES_FILE: rolesFile,
      ...graphEnv(graph),
      MAIL_SENDER: 'cpor-notices@reviewers.example',
    });
  });
  after(async () => {
    await world.close();
    await graph.close();
  });

  const stored = async (claim: Claim) => (await world.deps.claims.get(TENANT, claim.id)) as Claim;
  const errorOf = (body: { value?: unknown }) => (body.value as { message?: string }).message ?? '';

  it('says why on the review card; a reviewer sends it again, and the opt-out window starts when it leaves', async () => {
    const claim = await claimIn(world, 'UnderReview');
    await world.delivery.deliverPending(claim);
    graph.failNext(400); // the mail service refuses it: a permanent failure, not retried on its own
    assert.equal((await new Chat(world, rita).click('review.approve', data(claim))).response.body.statusCode, 200);
    await world.delivery.settled();
    const failed = await stored(claim);
    assert.ok(
      failed.notices.some((n) => n.kind === 'customer' && n.failedAt),
      'given up',
    );
    assert.equal(failed.customerNotifiedAt, undefined);
    assert.equal(graph.sentMail.length, 0);

    const card = JSON.stringify((await new Chat(world, rita).click('review.refresh', data(failed))).response.body.value);
    assert.match(card, /Could not be sent \(answered 400\)/);
    assert.match(card, /"verb":"review.resendCustomerMail","title":"Send the customer e-mail again"/);
    const partnerCard = JSON.stringify((await new Chat(world, alice).click('review.refresh', data(failed))).response.body.value);
    assert.doesNotMatch(partnerCard, /review.resendCustomerMail/, 'the partner sees the card without the button');
    const byPartner = await new Chat(world, alice).click('review.resendCustomerMail', data(failed));
    assert.equal(byPartner.response.body.statusCode, 403);
    assert.equal((await stored(claim)).notices.find((n) => n.kind === 'customer')?.failedAt, failed.notices.find((n) => n.kind === 'customer')?.failedAt);

    // A day later the mailbox is fixed; the reviewer sends it again.
    world.clock.set(new Date(world.clock.now().getTime() + 86_400_000));
    const resent = await new Chat(world, rita).click('review.resendCustomerMail', data(failed));
    assert.equal(resent.response.body.statusCode, 200);
    assert.doesNotMatch(JSON.stringify(resent.response.body.value), /review.resendCustomerMail/, 'the refreshed card has no button any more');
    await world.delivery.settled();
    const told = await stored(claim);
    assert.equal(graph.sentMail.length, 1, 'sent once');
    assert.ok(told.customerNotifiedAt, 'recorded as sent');
    assert.ok(Date.parse(told.customerNotifiedAt) > Date.parse(failed.updatedAt), 'when it left, not when the claim was approved');
    assert.ok(Date.parse(told.optOutDeadline ?? '') > Date.parse(told.customerNotifiedAt), 'the window counts from the e-mail');
    assert.deepEqual([told.status, told.history.at(-1)?.action, told.history.at(-1)?.by.id], ['Approved', 'resendCustomerMail', rita.id]);

    // Once sent, there is nothing to send again: said, and nothing changes.
    const twice = await new Chat(world, rita).click('review.resendCustomerMail', data(told));
    assert.equal(twice.response.body.statusCode, 409);
    assert.match(errorOf(twice.response.body), /has not failed/);
    assert.equal(graph.sentMail.length, 1);
    assert.equal((await stored(claim)).history.length, told.history.length);
  });
});
