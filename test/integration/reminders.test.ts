// Reminders to partners through the outbox: answer due in 2 business days (with the answer card), a Draft idle for 7
// days; exactly once across instances and restarts (same data folder), and an organisation's opt-out honoured.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Reminders } from '../../bot/workers/reminders';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, TEST_NOW, type BotWorld } from '../helpers/chat';
import { FakeClock } from '../../services/clock';
import { alice, type Who } from '../helpers/activities';
import { memoryLogger, tempDir } from '../helpers/testApp';
import { claimIn } from '../helpers/claims';

const pete: Who = { id: '29:pete', name: 'Pete Partner' };

describe('partner reminders', function () {
  this.timeout(120_000);
  let world: BotWorld;
  let dataDir: string;
  let env: Record<string, string>;

  before(() => {
    const rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(rolesFile, JSON.stringify({ [alice.id]: ['incentivesAdmin'], [pete.id]: ['incentivesUser'], '29:rita': ['reviewer'] }));
    env = { ROLES_FILE: rolesFile, PARTNER_RESPONSE_BUSINESS_DAYS: '5' };
  });
  beforeEach(async () => {
    dataDir = tempDir();
    world = await openWorld(env, dataDir, new FakeClock(TEST_NOW));
    // The partner's chat is known, so reminders go to it.
    await new Chat(world, alice).say('help');
  });
  afterEach(() => world.close());

  const instance = (w = world) =>
    new Reminders({
      claims: w.deps.claims,
      state: w.store.containers.botState,
      deliver: (ref) => void w.delivery.deliverPending(ref),
      clock: w.clock,
      log: memoryLogger().log,
    });
  const toAlice = (w = world) => w.connector.received.filter((r) => r.method === 'POST' && decodeURIComponent(r.path).includes(`a:personal-${alice.id}`));
  /** Reminders that reached Alice's chat (her organisation's claims). */
  const reminders = (w = world) =>
    toAlice(w)
      .map((r) => String(r.activity.text ?? ''))
      .filter((t) => /^(Reminder|Promemoria):/.test(t));

  it('answer due: reminded 2 business days before the deadline, with the answer card, exactly once across instances and a restart', async () => {
    // Requested Monday 16 November 10:00: due Monday 23 at 10:00; reminded from Thursday 19 at 10:00.
    world.clock.set('2026-11-16T10:00:00Z');
    const claim: Claim = await claimIn(world, 'PartnerActionRequired');
    assert.equal(claim.partnerActionDeadline, '2026-11-23T10:00:00.000Z');

    world.clock.set('2026-11-19T09:59:00Z');
    assert.equal(await instance().run(), 0);
    world.clock.set('2026-11-19T10:00:00Z');
    const written = await Promise.all([instance().run(), instance().run()]);
    assert.equal(written[0] + written[1], 1, 'two instances write it once');
    await world.delivery.settled();
    assert.equal(reminders().length, 1);
    assert.match(
      reminders()[0],
      new RegExp(`^Reminder: the reviewer is waiting for your answer on "${claim.name}" \\(${claim.id}\\)\\. Answer by 2026-11-23 10:00 UTC`),
    );
    const post = toAlice().filter((r) => String(r.activity.text).startsWith('Reminder:'))[0];
    assert.match(JSON.stringify(post.activity.attachments?.[0]?.content), /"verb":"partner.respond"/, 'with the answer card');

    // The scheduler's sweep and later passes: nothing more.
    world.clock.set('2026-11-20T10:00:00Z');
    assert.equal(await instance().run(), 0);
    await world.delivery.sweep();
    assert.equal(reminders().length, 1);

    // Restarted on the same data: still not owed again.
    await world.close();
    world = await openWorld(env, dataDir, new FakeClock('2026-11-20T11:00:00Z'));
    assert.equal(await instance().run(), 0);
    await world.delivery.sweep();
    assert.equal(reminders().length, 0, 'the new connector received nothing');
  });

  it('a Draft untouched for 7 days: "add the proof of execution to submit it", once', async () => {
    world.clock.set('2026-11-10T10:00:00Z');
    const draft = await claimIn(world, 'Draft');
    world.clock.set('2026-11-17T09:00:00Z');
    assert.equal(await instance().run(), 0);
    world.clock.set('2026-11-17T10:00:00Z');
    assert.equal(await instance().run(), 1);
    await world.delivery.settled();
    assert.equal(await instance().run(), 0);
    await world.delivery.sweep();
    assert.deepEqual(reminders(), [
      `Reminder: your Draft "${draft.name}" (${draft.id}) has not changed for a week. Add the proof of execution to submit it: say "my associations", open it and choose Edit.`,
    ]);
    // In the partner's language: an Italian partner's Draft.
    world.clock.set('2026-11-17T11:00:00Z');
    const italian = await claimIn(world, 'Draft');
    await world.deps.claims.update(italian, (c) => {
      c.locale = 'it-IT';
      return true;
    });
    world.clock.set('2026-11-24T11:00:00Z');
    assert.equal(await instance().run(), 1);
    await world.delivery.settled();
    assert.match(
      reminders()[1] ?? '',
      new RegExp(`^Promemoria: la bozza "${italian.name}" \\(${italian.id}\\) è ferma da una settimana\\. Aggiungi la prova di esecuzione`),
    );
    // A submitted claim or an answered request is never reminded.
    world.clock.set('2026-12-20T10:00:00Z');
    await claimIn(world, 'Submitted');
    assert.equal(await instance().run(), 0);
  });

  it('"stop reminders" stops them for the organisation; "riprendi promemoria" resumes; only an Incentives admin may', async () => {
    world.clock.set('2026-11-10T10:00:00Z');
    await claimIn(world, 'Draft');
    const other = await claimIn(world, 'Draft', { partnerTenantId: 'b0b0b0b0-1111-4222-8333-444455556666' });

    const refused = await new Chat(world, pete).say('stop reminders');
    assert.match(String(refused[0].text), /Only an Incentives admin/);
    const stopped = await new Chat(world, alice).say('stop reminders');
    assert.match(String(stopped[0].text), /Reminders are stopped for your organisation/);

    world.clock.set('2026-11-18T10:00:00Z');
    // Only the other organisation's Draft is reminded.
    assert.equal(await instance().run(), 1);
    await world.delivery.settled();
    assert.equal((await world.deps.claims.get(other.partnerTenantId, other.id))?.reminded?.draftIdle, other.updatedAt);
    assert.equal(reminders().length, 0, "nothing reached Alice's organisation");

    const resumed = await new Chat(world, { ...alice, locale: 'it-IT' }).say('riprendi promemoria');
    assert.match(String(resumed[0].text), /di nuovo attivi/);
    assert.equal(await instance().run(), 1);
    await world.delivery.settled();
    assert.equal(reminders().length, 1);
  });
});
