// The bot killed for real (SIGKILL) in the middle of a scheduler pass announcing 200 claims, twice: every claim
// becomes Official exactly once, every partner is told, and a partner is told twice only for the notice that was
// in flight at the kill (sent, not yet recorded): at most one per kill. The figures (duplicates, time until the
// pass resumes after the restart) are printed for the record. Without the send gate (one notice at a time between
// sending and recording) the kills repeated 3 to 8 notices each.
import assert from 'node:assert/strict';
import { seedJournal } from '../../bench/seed';
import { openCosmosStore } from '../../services/cosmosStore';
import { loadConfig } from '../../services/config';
import type { Claim } from '../../services/domain/claim';
import { startBotProcess, type BotProcess } from '../helpers/botProcess';
import { startLocalConnector, type LocalConnector, type ReceivedActivity } from '../helpers/connector';
import { tempDir } from '../helpers/testApp';
import { until } from '../helpers/until';

const CLAIMS = 200;
const KILL_AT = [60, 150];
const officialClaimId = (r: ReceivedActivity) => /is now official \("[^"]*", (CPOR-[\w-]+)\)/.exec(r.activity.text ?? '')?.[1];

describe('notices across kill -9 during a scheduler pass (process)', function () {
  this.timeout(240_000);
  let connector: LocalConnector;
  let bot: BotProcess | undefined;
  before(async () => (connector = await startLocalConnector()));
  after(async () => {
    bot?.child.kill('SIGKILL');
    await connector.close();
  });

  it('200 claims, killed after 60 and 150 official notices: each Official once, at most one duplicate per kill', async () => {
    const dataDir = tempDir();
    seedJournal(dataDir, { claims: CLAIMS, organisations: 1, dueApproved: CLAIMS, underReview: 0, serviceUrl: connector.serviceUrl });
    const env = { PORT: '0', DATA_DIR: dataDir, SCHEDULER_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' };
    // Each official notice received: which claim, when, during which run of the bot.
    const told: { id: string; at: number; run: number }[] = [];
    const listeningAt: number[] = [];
    const killed: { id: string; run: number }[] = [];
    const runBot = (run: number, killAt?: number) => {
      const proc = startBotProcess(env);
      bot = proc;
      void proc.listening().then(() => (listeningAt[run] = Date.now()));
      // Killed the moment the connector has the killAt-th message, before the bot hears back: that notice is sent
      // and not recorded, the worst moment for it.
      connector.onActivity((r) => {
        const id = officialClaimId(r);
        if (id === undefined) return;
        told.push({ id, at: Date.now(), run });
        if (killAt !== undefined && told.length >= killAt && proc.child.signalCode === null) {
          proc.child.kill('SIGKILL');
          killed.push({ id, run });
        }
      });
      return proc;
    };

    for (const [run, killAt] of KILL_AT.entries()) {
      const proc = runBot(run, killAt);
      assert.equal(await proc.exited, null, `killed: ${proc.err()}`);
    }
    const last = runBot(KILL_AT.length);
    await until(() => new Set(told.map((t) => t.id)).size === CLAIMS, 'every partner told', 120_000);
    last.child.kill('SIGTERM');
    assert.equal(await last.exited, 0, last.err());
    connector.onActivity(undefined);

    const store = await openCosmosStore(loadConfig({ DATA_DIR: dataDir }).cosmos, dataDir);
    try {
      const { resources } = await store.containers.associations.items.query<Claim>("SELECT * FROM c WHERE c.type = 'claim'").fetchAll();
      assert.equal(resources.length, CLAIMS);
      for (const claim of resources) {
        assert.equal(claim.status, 'Official', claim.id);
        assert.equal(claim.history.filter((h) => h.action === 'makeOfficial').length, 1, `${claim.id} made official once`);
        assert.ok(
          claim.notices.every((n) => n.deliveredAt),
          `${claim.id}: every notice recorded as delivered`,
        );
      }
    } finally {
      await store.close();
    }
    const perClaim = new Map<string, number>();
    for (const { id } of told) perClaim.set(id, (perClaim.get(id) ?? 0) + 1);
    const duplicates = [...perClaim.values()].reduce((sum, n) => sum + n - 1, 0);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    // After each restart: the first notice, and the notice in flight at the kill sent again (from "listening").
    const firstAfter = KILL_AT.map((_, i) => told.find((t) => t.run === i + 1)!.at - listeningAt[i + 1]);
    const resentAfter = killed.map((k) => {
      const again = told.find((t) => t.id === k.id && t.run > k.run)!;
      return again.at - listeningAt[again.run];
    });
    console.log(
      `      ${CLAIMS} claims, ${killed.length} kills: ${duplicates} duplicate notice(s); after each restart the first notice ` +
        `came ${firstAfter.map(seconds).join(' and ')} after "listening", the notice in flight at the kill ${resentAfter.map(seconds).join(' and ')} after (SCHEDULER_INTERVAL_SECONDS=1)`,
    );
    assert.ok(duplicates <= KILL_AT.length, `${duplicates} duplicates for ${KILL_AT.length} kills`);
  });
});
