// `npm run bench`: speed figures, each as a ratio to a baseline measured in the same run on the same machine
// (these machines are shared and noisy: absolute milliseconds mean little, ratios travel better), with the target
// beside it and pass / fail.
//
// Processes, as in production: the bot (node dist/index.js, the embedded store in its process, a fresh temp
// DATA_DIR and PORT), the baseline echo bot (bench/echoBot.ts) and the store worker (bench/storeWorker.ts) each run
// in their own process; this process only generates load and hosts the local Bot Connector the bots answer to.
// Baselines: the echo bot's turns (same concurrency, same number of turns) and the store's raw rates.
//
//   npm run bench                 full: the scaling table at 1k / 10k / 50k claims
//   BENCH_QUICK=1 npm run bench   quick (a few minutes): the table at 1k / 5k claims
//   BENCH_SCALES=2000,20000       other sizes;  BENCH_PROFILE_DIR=dir  CPU profiles of the bot processes (--cpu-prof)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { startLocalConnector, type LocalConnector } from '../test/helpers/connector';
import { message, post, type Who } from '../test/helpers/activities';
import { cpuMsOf, memoryAfterGc, memoryOf, sampleMemory, startBot, startEchoBot, startPeerBot, storeWorker, type Child, type MemoryAfterGc } from './processes';
import { PARTNER_USER, REVIEWER_TENANT, REVIEW_CHANNEL, seedJournal } from './seed';
import { exportHeap } from './exportHeap';

const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
// BENCH_SCALES= (empty): the turns only, no scaling table and no export heap.
const SCALES = (process.env.BENCH_SCALES ?? (QUICK ? '1000,5000' : '1000,10000,50000')).split(',').filter(Boolean).map(Number);
const EXPORT_TIMEOUT_S = Number(process.env.BENCH_EXPORT_TIMEOUT_SECONDS ?? (QUICK ? 120 : 600));
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const CONVERSATIONS = 50;
const DIALOG_ROUNDS = 2; // 50 conversations x 2 dialogs x 15 turns = 1,500 measured turns
const APPROVERS = 20;
const APPROVE_ROUNDS = 55; // 5 warm-up rounds, 50 measured: 1,000 samples

interface Stats {
  n: number;
  median: number;
  p99: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, median: at(0.5), p99: at(0.99) };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-bench-'));
const nodeArgs = (name: string) => (PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : []);

async function turn(url: string, activity: Partial<Activity>): Promise<number> {
  return timed(async () => {
    const res = await post(url, activity);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`turn "${activity.text ?? activity.name}" answered ${res.status}`);
  });
}

const DIALOG = (customerTenantId: string) => [
  'new association',
  'Microsoft 365',
  '1234567',
  'contoso.com',
  customerTenantId,
  'Microsoft Teams, Intune',
  'Jane Doe',
  'CIO',
  'jane@contoso.com',
  'Bench User',
  'bench@partner.example',
  'later',
  'Contoso Teams',
  'none',
  'submit',
];

/** `conversations` users at once, each with its own partner organisation, saying `script()` one turn after another. */
async function conversations(
  url: string,
  serviceUrl: string,
  count: number,
  script: () => string[],
  rounds: number,
): Promise<{ samples: number[]; seconds: number; last: number[] }> {
  const samples: number[] = [];
  const last: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: count }, async (_, c) => {
      const who: Who = { id: `29:user-${c}-${randomUUID().slice(0, 8)}`, name: 'Bench User', tenantId: randomUUID(), locale: 'en-US' };
      for (let r = 0; r < rounds; r++) {
        const lines = script();
        for (const [i, text] of lines.entries()) {
          const ms = await turn(url, message(who, text, serviceUrl));
          samples.push(ms);
          if (i === lines.length - 1) last.push(ms);
        }
      }
    }),
  );
  return { samples, seconds: Number(process.hrtime.bigint() - started) / 1e9, last };
}

const echoScript = () => Array.from({ length: 15 }, (_, i) => `hello ${i}`);
const dialogScript = () => DIALOG(randomUUID());

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: number;
  /** Rendered target, and whether the ratio (or value) meets it; undefined: reported, no target. */
  target?: string;
  pass?: boolean;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** A table's title and header; its rows are printed as they are measured (the 50,000 table takes a long time). */
function section(title: string) {
  console.log(`\n${title}`);
  console.log(`${'figure'.padEnd(58)} ${'value'.padStart(16)} ${'baseline'.padStart(16)} ${'ratio'.padStart(7)}  target`);
}

function row(r: Row) {
  const verdict = r.target === undefined ? '' : `${r.target.padEnd(14)} ${r.pass ? 'PASS' : 'FAIL'}`;
  console.log(
    `${r.figure.padEnd(58)} ${r.value.padStart(16)} ${r.baseline.padStart(16)} ${(Number.isNaN(r.ratio) ? '' : r.ratio.toFixed(2)).padStart(7)}  ${verdict}`,
  );
}

interface AtStart {
  rssMb: number;
  gc: MemoryAfterGc;
}

/** A bot process's memory right after it listens: its RSS as it stands, then its heap after a full collection. */
async function startMemory(child: Child): Promise<AtStart> {
  const { rssMb } = memoryOf(child.pid);
  return { rssMb, gc: await memoryAfterGc(child) };
}

/** RSS after start and its growth through the figures measured since, and the main thread's heap kept after GC. */
async function memoryRows(name: string, child: Child, atStart: AtStart) {
  const { rssMb, peakMb } = memoryOf(child.pid);
  const now = await memoryAfterGc(child);
  row({
    figure: `${name}: RSS after start / growth (MB; peak ${peakMb.toFixed(0)})`,
    value: `${atStart.rssMb.toFixed(0)} / +${(rssMb - atStart.rssMb).toFixed(0)}`,
    baseline: '',
    ratio: NaN,
  });
  row({
    figure: `${name}: heap kept after GC, start / now (MB)`,
    value: `${atStart.gc.heapMb.toFixed(1)} / ${now.heapMb.toFixed(1)}`,
    baseline: '',
    ratio: NaN,
  });
}

/** The "export" turn's card carries the signed link; download it while sampling the bot's memory. */
async function exportRun(bot: Child, connector: LocalConnector, who: Who, partnerTenantId: string) {
  const before = connector.received.length;
  await turn(bot.url, message({ ...who, tenantId: partnerTenantId }, 'export', connector.serviceUrl));
  const card = connector.received
    .slice(before)
    .map((r) => JSON.stringify(r.activity))
    .find((j) => j.includes('/export/'));
  const link = card && /"(http:\/\/[^"]+\/export\/[^"]+)"/.exec(card)?.[1];
  if (!link) throw new Error('no export link in the reply');
  const memory = sampleMemory(bot.pid);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), EXPORT_TIMEOUT_S * 1000);
  let rows = -1; // the header line
  let bytes = 0;
  let finished = true;
  const started = process.hrtime.bigint();
  try {
    const res = await fetch(link, { signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) rows++;
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    finished = false;
  } finally {
    clearTimeout(timer);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { startMb, peakMb } = memory.stop();
  return { rows, bytes, seconds, finished, growthMb: peakMb - startMb, peakMb };
}

async function main() {
  const connector = await startLocalConnector();
  const serviceUrl = connector.serviceUrl;
  console.log(
    `CPOR Assistant benchmark (${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, ${QUICK ? 'quick' : 'full'} mode, scales ${SCALES.join(' / ')})`,
  );

  // Baseline B: the store's raw rates, in its own process.
  const raw = await storeWorker<{ upsertsPerSecond: number; readsPerSecond: number; readReplacesPerSecond: number }>(['raw', tempDir(), '2000']);
  console.log(
    `store raw (sequential, 1 KB): ${raw.upsertsPerSecond.toFixed(0)} upserts/s, ${raw.readsPerSecond.toFixed(0)} reads/s, ${raw.readReplacesPerSecond.toFixed(0)} read+replace/s`,
  );

  // Baseline A: the echo bot, the same load shapes as ours, measured in blocks that alternate with ours (E D E D…):
  // the load other people put on the machine then weighs on both sides of each ratio alike.
  const echoBot = await startEchoBot();
  await conversations(echoBot.url, serviceUrl, 10, echoScript, 1); // warm-up
  const echoOne = await conversations(echoBot.url, serviceUrl, 1, () => Array.from({ length: 60 }, (_, i) => `one ${i}`), 1);
  const echoOneStats = stats(echoOne.samples.slice(10));

  section('Turns (baselines: the echo bot and the peer, same concurrency and number of turns, in alternating blocks)');

  // The new-association dialog, 50 conversations at once, every turn through HTTP to the bot's process; the peer
  // (the same dialog shape on botbuilder-azure's storage, bench/peerBot.ts) and the echo floor in the same blocks.
  {
    const bot = await startBot(tempDir(), {}, nodeArgs('dialog'));
    const peerBot = await startPeerBot(tempDir(), nodeArgs('peer'));
    const botAtStart = await startMemory(bot);
    const peerAtStart = await startMemory(peerBot);
    await conversations(bot.url, serviceUrl, 10, dialogScript, 1); // warm-up
    await conversations(peerBot.url, serviceUrl, 10, dialogScript, 1);
    const tally = () => ({ samples: [] as number[], seconds: 0, cpuMs: 0, sends: 0, sentBytes: 0 });
    const echo = tally();
    const peer = tally();
    const dialog = tally();
    for (let block = 0; block < DIALOG_ROUNDS; block++) {
      for (const [side, child, script] of [
        [echo, echoBot, echoScript],
        [peer, peerBot, dialogScript],
        [dialog, bot, dialogScript],
      ] as const) {
        const cpuBefore = cpuMsOf(child.pid);
        const sendsBefore = connector.received.length;
        const run = await conversations(child.url, serviceUrl, CONVERSATIONS, script, 1).catch((err: Error) => {
          throw new Error(`${err.message}; the bot's output ends:\n${child.output().slice(-3000)}`);
        });
        side.cpuMs += cpuMsOf(child.pid) - cpuBefore;
        const sent = connector.received.slice(sendsBefore);
        side.sends += sent.length;
        side.sentBytes += sent.reduce((sum, r) => sum + JSON.stringify(r.activity).length, 0);
        side.samples.push(...run.samples);
        side.seconds += run.seconds;
      }
    }
    const d = stats(dialog.samples);
    const p = stats(peer.samples);
    const e = stats(echo.samples);
    const ours = dialog.samples.length / dialog.seconds;
    const peers = peer.samples.length / peer.seconds;
    const echoes = echo.samples.length / echo.seconds;
    const throughput = `dialog throughput, ${CONVERSATIONS} conversations (turns/s)`;
    row({
      figure: `${throughput} vs peer`,
      value: ours.toFixed(0),
      baseline: peers.toFixed(0),
      ratio: ours / peers,
      target: '>= 1.2',
      pass: ours / peers >= 1.2,
    });
    row({
      figure: `${throughput} vs echo`,
      value: ours.toFixed(0),
      baseline: echoes.toFixed(0),
      ratio: ours / echoes,
      target: '>= 0.5',
      pass: ours / echoes >= 0.5,
    });
    row({ figure: `peer throughput vs echo`, value: peers.toFixed(0), baseline: echoes.toFixed(0), ratio: peers / echoes });
    const cpu = (side: { cpuMs: number; samples: number[] }) => side.cpuMs / side.samples.length;
    row({
      figure: `CPU per dialog turn, bot process (ms) vs peer`,
      value: cpu(dialog).toFixed(2),
      baseline: cpu(peer).toFixed(2),
      ratio: cpu(dialog) / cpu(peer),
    });
    row({ figure: `CPU per dialog turn (ms) vs echo`, value: cpu(dialog).toFixed(2), baseline: cpu(echo).toFixed(2), ratio: cpu(dialog) / cpu(echo) });
    const perTurn = (side: { sends: number; sentBytes: number; samples: number[] }) =>
      `${(side.sends / side.samples.length).toFixed(2)} / ${(side.sentBytes / side.sends / 1024).toFixed(1)}`;
    row({ figure: `Bot Connector sends per dialog turn / KB each, vs peer`, value: perTurn(dialog), baseline: perTurn(peer), ratio: NaN });
    row({ figure: `dialog turn median vs peer (n=${d.n})`, value: ms(d.median), baseline: ms(p.median), ratio: d.median / p.median });
    row({ figure: `dialog turn median vs echo`, value: ms(d.median), baseline: ms(e.median), ratio: d.median / e.median });
    row({ figure: `dialog turn p99 vs peer (n=${d.n})`, value: ms(d.p99), baseline: ms(p.p99), ratio: d.p99 / p.p99, target: '<= 1', pass: d.p99 <= p.p99 });
    row({ figure: `dialog turn p99 vs echo`, value: ms(d.p99), baseline: ms(e.p99), ratio: d.p99 / e.p99, target: '<= 2', pass: d.p99 / e.p99 <= 2 });
    row({ figure: `peer turn p99 vs echo`, value: ms(p.p99), baseline: ms(e.p99), ratio: p.p99 / e.p99 });
    await memoryRows('dialog: ours', bot, botAtStart);
    await memoryRows('dialog: peer', peerBot, peerAtStart);
    await bot.stop();
    await peerBot.stop();
  }

  // Approve clicks: 20 reviewers at once on 20 claims, round after round; deliveries follow in the bot.
  {
    const dir = tempDir();
    const seeded = seedJournal(dir, {
      claims: APPROVERS * APPROVE_ROUNDS + 100,
      organisations: 1,
      dueApproved: 0,
      underReview: APPROVERS * APPROVE_ROUNDS,
      serviceUrl,
    });
    const bot = await startBot(dir, {}, nodeArgs('approve'));
    const atStart = await startMemory(bot);
    const reviewer = { id: '29:bench-reviewer', name: 'Bench Reviewer' };
    // The roster says the reviewer's own organisation (the bot asks it for a click in a channel).
    connector.members.set(reviewer.id, { ...reviewer, tenantId: REVIEWER_TENANT });
    const samples: number[] = [];
    const echo20: number[] = [];
    const cpuAtStart = cpuMsOf(bot.pid);
    for (let round = 0; round < APPROVE_ROUNDS; round++) {
      const batch = seeded.underReview.slice(round * APPROVERS, (round + 1) * APPROVERS);
      const latencies = await Promise.all(
        batch.map((claim) =>
          timed(async () => {
            const res = await post(bot.url, {
              type: 'invoke',
              name: 'adaptiveCard/action',
              id: randomUUID(),
              channelId: 'msteams',
              serviceUrl,
              from: reviewer,
              recipient: { id: '28:bot', name: 'CPOR Assistant' },
              conversation: { id: REVIEW_CHANNEL, conversationType: 'channel', tenantId: REVIEWER_TENANT },
              value: {
                action: {
                  type: 'Action.Execute',
                  verb: 'review.approve',
                  data: { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version },
                },
              },
            } as Partial<Activity>);
            const body = (await res.json()) as { statusCode?: number };
            if (body.statusCode !== 200) throw new Error(`approve answered ${JSON.stringify(body).slice(0, 200)}`);
          }),
        ),
      );
      if (round < 5) continue; // warm-up
      samples.push(...latencies);
      // The baseline's round: 20 echo turns at once, right after ours.
      echo20.push(...(await conversations(echoBot.url, serviceUrl, APPROVERS, () => ['hi'], 1)).samples);
    }
    const cpuPerClick = (cpuMsOf(bot.pid) - cpuAtStart) / (APPROVERS * APPROVE_ROUNDS);
    await memoryRows('approve', bot, atStart);
    await bot.stop();
    const a = stats(samples);
    const e = stats(echo20);
    row({
      figure: `approve invoke p99, ${APPROVERS} at once (n=${a.n}; baseline: echo p99 at ${APPROVERS})`,
      value: ms(a.p99),
      baseline: ms(e.p99),
      ratio: a.p99 / e.p99,
      target: '< 200 ms',
      pass: a.p99 < 200,
    });
    row({ figure: `CPU per approve click, deliveries so far included (ms)`, value: cpuPerClick.toFixed(2), baseline: '', ratio: NaN });
    row({ figure: `approve invoke median`, value: ms(a.median), baseline: ms(e.median), ratio: a.median / e.median });
  }
  await echoBot.stop();
  console.log(`echo bot single turn median ${ms(echoOneStats.median)} (the baseline of single turns below)`);

  // The scaling table.
  for (const scale of SCALES) {
    const dir = tempDir();
    const organisations = 5;
    const t0 = process.hrtime.bigint();
    const seeded = seedJournal(dir, { claims: scale, organisations, dueApproved: Math.floor(scale / 10), underReview: 0, serviceUrl });
    const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    section(
      `${scale} claims stored (${organisations} organisations; journal ${(seeded.journalBytes / 2 ** 20).toFixed(0)} MB written in ${seedSeconds.toFixed(1)} s)`,
    );
    const partner: Who = { ...PARTNER_USER, tenantId: seeded.partnerTenantId, locale: 'en-US' };
    const bot = await startBot(dir, {}, nodeArgs(`scale-${scale}`));
    const started = await startMemory(bot);
    // Start: restoring `scale` documents; baseline: as many raw upserts.
    const rawSeconds = scale / raw.upsertsPerSecond;
    row({
      figure: `start with ${scale} claims (s; baseline: ${scale} raw upserts)`,
      value: (bot.startMs / 1000).toFixed(1),
      baseline: rawSeconds.toFixed(1),
      ratio: bot.startMs / 1000 / rawSeconds,
    });

    // "my associations": the first page of the organisation's claims (seeded.orgClaims of scale).
    const list: number[] = [];
    for (let i = 0; i < 25; i++) list.push(await turn(bot.url, message(partner, 'my associations', serviceUrl)));
    const l = stats(list.slice(5));
    row({
      figure: `'my associations' first page, ${seeded.orgClaims} of ${scale} (median)`,
      value: ms(l.median),
      baseline: ms(echoOneStats.median),
      ratio: l.median / echoOneStats.median,
      target: '< 100 ms',
      pass: l.median < 100,
    });

    // The submit turn (slots, competing claims query, the claim write).
    const submits = await conversations(bot.url, serviceUrl, 1, dialogScript, 5);
    const s = stats(submits.last);
    row({ figure: `submit turn (median of ${s.n})`, value: ms(s.median), baseline: ms(echoOneStats.median), ratio: s.median / echoOneStats.median });

    // Export, and a `help` turn while it runs (baseline: `help` with nothing else running).
    const idleHelp: number[] = [];
    for (let i = 0; i < 15; i++) idleHelp.push(await turn(bot.url, message(partner, 'help', serviceUrl)));
    const busyHelp: number[] = [];
    let exporting = true;
    const helper = (async () => {
      while (exporting) busyHelp.push(await turn(bot.url, message({ ...partner, id: '29:bench-helper' }, 'help', serviceUrl)));
    })();
    // Small exports end before a few help turns are done: export again until 20 were measured.
    const ex = await exportRun(bot, connector, partner, seeded.partnerTenantId);
    while (busyHelp.length < 20 && ex.finished) {
      const again = await exportRun(bot, connector, partner, seeded.partnerTenantId);
      ex.growthMb = Math.max(ex.growthMb, again.growthMb);
      ex.peakMb = Math.max(ex.peakMb, again.peakMb);
    }
    exporting = false;
    await helper;
    const exportRate = ex.rows / ex.seconds;
    row({
      figure: `export ${ex.finished ? '' : `(stopped at ${EXPORT_TIMEOUT_S} s) `}${ex.rows} rows (rows/s; baseline: raw reads/s)`,
      value: `${exportRate.toFixed(0)} (${ex.seconds.toFixed(1)} s)`,
      baseline: raw.readsPerSecond.toFixed(0),
      ratio: exportRate / raw.readsPerSecond,
    });
    row({
      figure: `export: bot RSS growth (MB; peak ${ex.peakMb.toFixed(0)} MB)`,
      value: ex.growthMb.toFixed(0),
      baseline: '',
      ratio: NaN,
      target: '<= 64 MB',
      pass: ex.growthMb <= 64,
    });
    const ih = stats(idleHelp.slice(3));
    const bh = stats(busyHelp);
    row({
      figure: `'help' during the export (median, n=${bh.n})`,
      value: ms(bh.median),
      baseline: ms(ih.median),
      ratio: bh.median / ih.median,
      target: '<= 2',
      pass: bh.median / ih.median <= 2,
    });
    await memoryRows(`${scale} claims`, bot, started);
    await bot.stop();

    // A scheduler pass: scale/10 approved claims past their deadline, promoted and announced.
    const pass = await storeWorker<{
      openSeconds: number;
      readReplacesPerSecond: number;
      cpuMsPerReadReplace: number;
      passSeconds: number;
      official: number;
      cpuMsPerPromoted: number;
      startRssMb: number;
      peakRssMb: number;
      retainedMb: number;
    }>(['scheduler', dir], nodeArgs(`scheduler-${scale}`));
    const rate = pass.official / pass.passSeconds;
    row({
      figure: `scheduler: ${pass.official} promoted in ${pass.passSeconds.toFixed(1)} s (claims/s; baseline: read+replace/s)`,
      value: rate.toFixed(0),
      baseline: pass.readReplacesPerSecond.toFixed(0),
      ratio: rate / pass.readReplacesPerSecond,
      target: '>= 0.5',
      pass: rate / pass.readReplacesPerSecond >= 0.5,
    });
    row({
      figure: `scheduler: CPU per promoted claim (ms; baseline: per read+replace)`,
      value: pass.cpuMsPerPromoted.toFixed(2),
      baseline: pass.cpuMsPerReadReplace.toFixed(2),
      ratio: pass.cpuMsPerReadReplace / pass.cpuMsPerPromoted,
    });
    row({
      figure: `scheduler: RSS growth during the pass (MB; heap kept after GC ${pass.retainedMb.toFixed(1)} MB)`,
      value: (pass.peakRssMb - pass.startRssMb).toFixed(0),
      baseline: '',
      ratio: NaN,
      target: '<= 64 MB',
      pass: pass.peakRssMb - pass.startRssMb <= 64,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await connector.close();
  if (SCALES.length > 0) await exportHeap();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
