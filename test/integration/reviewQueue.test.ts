// The reviewers' queue: who may see it and where, what it lists (every organisation's waiting claims, oldest
// first), its flags, filters and pages, and acting from a row — on the embedded Cosmos server with a fake clock.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, type BotWorld, type Reply } from '../helpers/chat';
import { alice, TENANT, REVIEWER_TENANT, rita, type Who } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { claimIn } from '../helpers/claims';
import { registerExportRoutes } from '../../bot/web/exportRoute';
import { LinkSigner, loadLinkSecret } from '../../services/signedLinks';
import { startRestifyServer } from '../helpers/restifyServer';
import { memoryLogger } from '../helpers/testApp';

const ORG_B = 'b0b0b0b0-1111-4222-8333-444455556666';
const ORG_C = 'c0c0c0c0-1111-4222-8333-444455556666';
const rob: Who = { id: '29:rob', name: 'Rob Reviewer', tenantId: REVIEWER_TENANT };
const REVIEW_CHANNEL = '19:reviews@thread.tacv2';

interface Row {
  name: string;
  line: string;
  flags: string;
  actions: { verb: string; data: Record<string, unknown> }[];
}

/** The queue card's rows as a reviewer reads them. */
function rowsOf(card: unknown): Row[] {
  const body = (card as { body: Record<string, unknown>[] }).body;
  return body
    .filter((e) => e.type === 'Container')
    .map((e) => {
      const items = e.items as Record<string, unknown>[];
      const texts = items.filter((i) => i.type === 'TextBlock').map((i) => String(i.text));
      const set = items.find((i) => i.type === 'ActionSet') as { actions: { verb: string; data: Record<string, unknown> }[] };
      return { name: texts[0], line: texts[1], flags: texts[2] ?? '', actions: set.actions.map((a) => ({ verb: a.verb, data: a.data })) };
    });
}

const continuationOf = (card: unknown): string =>
  String(((card as { actions?: { data: { continuation?: string } }[] }).actions ?? [])[0]?.data.continuation ?? '');

const cardOf = (replies: Reply[]) => replies[0]?.attachments?.[0]?.content;
const idOf = (row: Row) => /\((CPOR-[^)]+)\)$/.exec(row.name)?.[1];

describe('review queue', function () {
  this.timeout(180_000);
  let world: BotWorld;
  let rolesFile: string;
  before(async () => {
    rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(rolesFile, JSON.stringify({ [alice.id]: ['incentivesAdmin'], [rita.id]: ['reviewer'], [rob.id]: ['reviewer'] }));
  });
  beforeEach(async () => {
    world = await openWorld({ ROLES_FILE: rolesFile, REVIEW_BUSINESS_DAYS: '5' });
  });
  afterEach(() => world.close());

  const at = (iso: string) => world.clock.set(iso);

  it("reviewers see every organisation's waiting claims, oldest first, with age and organisation; partners are refused", async () => {
    at('2026-11-16T09:00:00Z');
    const first = await claimIn(world, 'Submitted', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners' });
    at('2026-11-17T09:00:00Z');
    const second = await claimIn(world, 'UnderReview', { partnerTenantId: TENANT, partnerName: 'Contoso Partner Ltd' });
    at('2026-11-18T09:00:00Z');
    const third = await claimIn(world, 'Submitted', { partnerTenantId: ORG_C });
    // Not waiting for a reviewer: never listed.
    await claimIn(world, 'Draft');
    await claimIn(world, 'PartnerActionRequired');
    await claimIn(world, 'Approved');
    await claimIn(world, 'Rejected');
    at('2026-11-20T09:00:00Z');

    const rows = rowsOf(cardOf(await new Chat(world, rita).say('review queue')));
    assert.deepEqual(rows.map(idOf), [first.id, second.id, third.id]);
    assert.match(rows[0].line, /^Submitted · waiting 4 business days · Fabrikam Partners · contoso\.com · /);
    assert.match(rows[1].line, /^Under review · waiting 3 business days · Contoso Partner Ltd · /);
    // No name known: the tenant id.
    assert.ok(rows[2].line.includes(ORG_C), rows[2].line);
    assert.match(rows[1].flags, /Reviewer: Rita Reviewer/);
    // Start review only where it can start; Open everywhere.
    assert.deepEqual(
      rows.map((r) => r.actions.map((a) => a.verb)),
      [['review.refresh', 'review.start'], ['review.refresh'], ['review.refresh', 'review.start']],
    );

    const italian = await new Chat(world, { ...rita, locale: 'it-IT' }).say('coda revisioni');
    assert.deepEqual(rowsOf(cardOf(italian)).map(idOf), [first.id, second.id, third.id]);

    const partner = await new Chat(world, alice).say('review queue');
    assert.equal(partner.length, 1);
    assert.equal(partner[0].text, 'Only reviewers can see the review queue.');
    assert.equal(partner[0].attachments, undefined);
    const clicked = await new Chat(world, alice).click('review.queue', {});
    assert.equal(clicked.response.body.statusCode, 403);
  });

  it('a claim back from the partner or a dispute queues from then, not from its creation', async () => {
    at('2026-11-02T09:00:00Z');
    const answered = await claimIn(world, 'PartnerActionRequired');
    const disputed = await claimIn(world, 'Rejected');
    at('2026-11-10T09:00:00Z');
    const waiting = await claimIn(world, 'Submitted');
    at('2026-11-12T09:00:00Z');
    const respond = await world.deps.claims.transition(answered, {
      action: 'partnerRespond',
      actor: alice,
      party: 'incentivesAdmin',
      comment: 'Attached.',
      expectedVersion: answered.version,
    });
    assert.equal(respond.kind, 'done');
    const dispute = await world.deps.claims.transition(disputed, {
      action: 'dispute',
      actor: alice,
      party: 'incentivesAdmin',
      comment: 'The SOW is signed.',
      expectedVersion: disputed.version,
    });
    assert.equal(dispute.kind, 'done');
    at('2026-11-13T09:00:00Z');

    const chat = new Chat(world, rita);
    const rows = rowsOf(cardOf(await chat.say('review queue')));
    assert.deepEqual(rows.map(idOf), [waiting.id, answered.id, disputed.id]);
    assert.match(rows[1].flags, /Partner answered/);
    assert.match(rows[2].flags, /Disputed/);
    assert.match(rows[1].line, /waiting 1 business day ·/);

    const only = async (status: string) => rowsOf((await chat.click('review.queue', { status })).response.body.value).map(idOf);
    assert.deepEqual(await only('disputed'), [disputed.id]);
    assert.deepEqual(await only('answered'), [answered.id]);
    assert.deepEqual(await only('Submitted'), [waiting.id]);
    assert.deepEqual(await only('UnderReview'), [answered.id, disputed.id]);
    assert.deepEqual(await only('any'), [waiting.id, answered.id, disputed.id]);
  });

  it('flags a claim overdue past REVIEW_BUSINESS_DAYS, counted in business days on the fake clock', async () => {
    // Monday 16 November; five business days later is Monday 23 November.
    at('2026-11-16T09:00:00Z');
    await claimIn(world, 'Submitted');
    const chat = new Chat(world, rita);
    const flagsAt = async (iso: string) => {
      at(iso);
      return rowsOf(cardOf(await chat.say('review queue')))[0];
    };
    const onTime = await flagsAt('2026-11-23T10:00:00Z');
    assert.match(onTime.line, /waiting 5 business days/);
    assert.doesNotMatch(onTime.flags, /OVERDUE/);
    // The weekend does not count: Saturday is still day 5.
    assert.doesNotMatch((await flagsAt('2026-11-21T10:00:00Z')).flags, /OVERDUE/);
    const late = await flagsAt('2026-11-24T10:00:00Z');
    assert.match(late.line, /waiting 6 business days/);
    assert.match(late.flags, /^OVERDUE/);
  });

  it('pages across organisations with the continuation token: each claim once, oldest first', async () => {
    const made: Claim[] = [];
    for (let i = 0; i < 23; i++) {
      at(new Date(Date.parse('2026-11-02T08:00:00Z') + i * 3600_000).toISOString());
      made.push(await claimIn(world, 'Submitted', { partnerTenantId: [TENANT, ORG_B, ORG_C][i % 3] }));
    }
    at('2026-11-20T09:00:00Z');
    const chat = new Chat(world, rita);
    let card = cardOf(await chat.say('review queue'));
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      const rows = rowsOf(card);
      assert.ok(rows.length <= 10);
      seen.push(...rows.map((r) => idOf(r) ?? ''));
      pages++;
      const continuation = continuationOf(card);
      if (!continuation) break;
      const { response } = await chat.click('review.queue', {
        continuation,
        status: 'any',
        solutionArea: 'any',
        activity: 'any',
        organisation: '',
        competingOnly: 'false',
        mineOnly: 'false',
      });
      assert.equal(response.body.statusCode, 200);
      card = response.body.value;
    }
    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      made.map((c) => c.id),
    );

    const forged = await chat.click('review.queue', { continuation: '{"not":"a token"' });
    assert.equal(forged.response.body.statusCode, 400);
    assert.match(JSON.stringify(forged.response.body.value), /no longer valid/);
  });

  it('filters: organisation name or tenant, competing only, mine only, solution area', async () => {
    at('2026-11-16T09:00:00Z');
    const fabrikam = await claimIn(world, 'Submitted', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners', workloads: ['Intune'] });
    const contoso = await claimIn(world, 'UnderReview', { partnerTenantId: TENANT, partnerName: 'Contoso Partner Ltd', workloads: ['Intune'] });
    const robs = await claimIn(world, 'Submitted', { partnerTenantId: ORG_C });
    const started = await world.deps.claims.transition(robs, {
      action: 'startReview',
      actor: { id: rob.id, name: rob.name },
      party: 'reviewer',
      expectedVersion: robs.version,
    });
    assert.equal(started.kind, 'done');
    at('2026-11-17T09:00:00Z');
    const chat = new Chat(world, rob);
    const ids = async (filters: Record<string, unknown>) => {
      const { response } = await chat.click('review.queue', filters);
      assert.equal(response.body.statusCode, 200);
      return rowsOf(response.body.value).map(idOf);
    };
    assert.deepEqual(await ids({ organisation: 'fabrikam' }), [fabrikam.id]);
    assert.deepEqual(await ids({ organisation: ORG_C }), [robs.id]);
    // The two Intune claims on the same customer tenant compete.
    assert.deepEqual(await ids({ competingOnly: 'true' }), [fabrikam.id, contoso.id]);
    const competingRows = rowsOf((await chat.click('review.queue', { competingOnly: 'true' })).response.body.value);
    assert.ok(competingRows.every((r) => /Competing/.test(r.flags)));
    assert.deepEqual(await ids({ mineOnly: 'true' }), [robs.id]);
    assert.deepEqual(await ids({ solutionArea: 'businessApplications' }), []);
    assert.deepEqual(await ids({ solutionArea: 'microsoft365', activity: 'usage' }), [fabrikam.id, contoso.id, robs.id]);
  });

  it('a row opens the review card and starts the review, checked as any review action', async () => {
    const claim = await claimIn(world, 'Submitted', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners' });
    const chat = new Chat(world, rita);
    const [row] = rowsOf(cardOf(await chat.say('review queue')));
    const open = row.actions.find((a) => a.verb === 'review.refresh');
    const opened = await chat.click('review.refresh', open?.data ?? {});
    assert.equal(opened.response.body.statusCode, 200);
    assert.match(JSON.stringify(opened.response.body.value), /CPOR claim review/);
    const start = row.actions.find((a) => a.verb === 'review.start');
    const started = await chat.click('review.start', start?.data ?? {});
    assert.equal(started.response.body.statusCode, 200);
    assert.equal((await world.deps.claims.get(ORG_B, claim.id))?.status, 'UnderReview');
    // The same row clicked again is stale: nothing changes, and the current card says what changed.
    const again = await new Chat(world, rob).click('review.start', start?.data ?? {});
    assert.equal(again.response.body.statusCode, 200);
    assert.match(JSON.stringify(again.response.body.value), /This card was out of date, so nothing was done[^"]*Rita Reviewer: started the review/);
    assert.equal((await world.deps.claims.get(ORG_B, claim.id))?.reviewer?.id, rita.id);
  });

  it('Export: a reviewer gets a 15-minute link to the CSV of the queue with its filters, every organisation; a partner does not', async () => {
    at('2026-11-16T09:00:00Z');
    const fabrikam = await claimIn(world, 'Submitted', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners' });
    const fabrikamLater = await claimIn(world, 'UnderReview', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners' });
    const contoso = await claimIn(world, 'Submitted', { partnerTenantId: TENANT, partnerName: 'Contoso Partner Ltd' });
    await claimIn(world, 'Draft', { partnerTenantId: ORG_B, partnerName: 'Fabrikam Partners' });
    const chat = new Chat(world, rita);
    const { replies, response } = await chat.click('review.queue', { export: true, organisation: 'FABRIKAM', status: 'any' });
    assert.equal(response.body.statusCode, 200);
    assert.deepEqual(rowsOf(response.body.value).map(idOf), [fabrikam.id, fabrikamLater.id], 'the queue card stays, with its filters');
    const link = /"url":"([^"]+)"/.exec(JSON.stringify(replies[0].attachments?.[0]?.content))?.[1] ?? '';
    assert.match(link, /^http:\/\/127\.0\.0\.1:9\/review-export\//);

    const signer = new LinkSigner(loadLinkSecret(world.config.linkSecret, world.config.dataDir));
    const server = await startRestifyServer(
      'review-export',
      (s) =>
        registerExportRoutes(s, {
          associations: world.store.containers.associations,
          claims: world.deps.claims,
          signer,
          log: memoryLogger().log,
          clock: world.clock,
        }),
      'all',
    );
    try {
      const url = link.replace('http://127.0.0.1:9', server.url);
      const got = await fetch(url);
      assert.equal(got.status, 200);
      assert.match(got.headers.get('content-disposition') ?? '', /cpor-review-queue-2026-11-16\.csv/);
      const bytes = Buffer.from(await got.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, for Excel');
      const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
      assert.match(lines[0], /^Partner tenant ID,Partner organisation,Claim ID,/);
      assert.deepEqual(
        lines.slice(1).map((l) => l.split(',').slice(0, 3)),
        [
          [ORG_B, 'Fabrikam Partners', fabrikam.id],
          [ORG_B, 'Fabrikam Partners', fabrikamLater.id],
        ],
      );
      assert.ok(!lines.some((l) => l.includes(contoso.id)));
      assert.equal((await fetch(`${url.slice(0, -3)}xyz`)).status, 404);
      at('2026-11-16T09:16:00Z');
      assert.equal((await fetch(url)).status, 410);
    } finally {
      await server.close();
    }

    const partner = await new Chat(world, alice).click('review.queue', { export: true });
    assert.equal(partner.response.body.statusCode, 403);
    assert.equal(partner.replies.length, 0);
  });

  it('claims stored before the queue existed are given their place from their history, once', async () => {
    at('2026-11-10T09:00:00Z');
    const legacy = await claimIn(world, 'UnderReview');
    at('2026-11-12T09:00:00Z');
    const recent = await claimIn(world, 'Submitted');
    // As stored before reviewQueuedAt: without it.
    const { resource } = await world.store.containers.associations.item(legacy.id, legacy.partnerTenantId).read<Claim>();
    delete resource?.reviewQueuedAt;
    await world.store.containers.associations.item(legacy.id, legacy.partnerTenantId).replace(resource as Claim);
    assert.equal(await world.deps.claims.backfillReviewQueuedAt(), 1);
    const submitted = legacy.history.find((h) => h.action === 'submit')?.at;
    assert.match(submitted ?? '', /^2026-11-10T09:00/);
    assert.equal((await world.deps.claims.get(legacy.partnerTenantId, legacy.id))?.reviewQueuedAt, submitted);
    assert.equal(await world.deps.claims.backfillReviewQueuedAt(), 0);
    const rows = rowsOf(cardOf(await new Chat(world, rita).say('review queue')));
    assert.deepEqual(rows.map(idOf), [legacy.id, recent.id]);
  });

  it('in the review channel, not in another channel', async () => {
    await claimIn(world, 'Submitted');
    const channel = new Chat(world, rita, `${REVIEW_CHANNEL};messageid=1`);
    await channel.say('use this channel for reviews');
    assert.equal(rowsOf(cardOf(await channel.say('review queue'))).length, 1);
    const elsewhere = await new Chat(world, rita, '19:general@thread.tacv2;messageid=2').say('review queue');
    assert.match(elsewhere[0].text ?? '', /1:1 chat with me or in the review channel/);
  });
});
