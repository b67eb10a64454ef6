// Entry point of `npm start`: read the configuration, start the bot, say where it listens, stop cleanly.
import dotenv from 'dotenv';
import { startApp } from './bot/app';
import { prepareCardTemplates } from './cards';
import { ConfigError, loadConfig, type Config } from './services/config';
import { createLogger, type Logger } from './services/logger';
import type { JournalStartReport } from './services/localStore/journalStart';
import { startTelemetry } from './services/telemetry';

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    // `--recover` (npm start -- --recover) is LOCAL_STORE_RECOVER=true for this start only.
    config = loadConfig(process.argv.includes('--recover') ? { ...process.env, LOCAL_STORE_RECOVER: 'true' } : process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw err;
  }
  // Before anything else starts, so the first request is traced.
  const telemetry = await startTelemetry(config.telemetry);
  const log = createLogger(config.logLevel);
  const app = await startApp(config, log);
  // Before anything says the bot listens: a signal sent once it does must find the clean stop, not Node's default.
  // `on`, not `once`: under `npm start` a Ctrl-C or a SIGTERM to the process group reaches the bot twice (from the
  // terminal or the sender, and again forwarded by npm). With `once` the second signal found no handler and killed
  // the bot in the middle of its clean stop; now a repeat is noted and the stop goes on.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.info({ signal }, 'already stopping');
      return;
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    await app.close();
    // What is still buffered (the last spans and metrics) is sent before the process ends.
    await telemetry.shutdown().catch((err: unknown) => log.warn({ err }, 'telemetry not flushed'));
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Right after start, off its path (the banner is not held up): every card template parsed before a turn needs it.
  setImmediate(prepareCardTemplates);
  logJournalStart(app.store.journal, log);
  log.info({ url: app.url, store: app.store.description, restored: app.store.restored, telemetry: telemetry.exporters }, 'listening');
  if (config.bot.appId && app.demoMode) {
    // DEMO_MODE=true with a real bot registration: say it where an operator looks, every start.
    const line = '!'.repeat(100);
    process.stderr.write(
      [
        line,
        '!! DEMO MODE (DEMO_MODE=true) with MicrosoftAppId set: NO ROLE CHECKS.',
        '!! Every user of every tenant that can reach this bot may act as partner admin AND as reviewer.',
        '!! Set ROLE_GROUP_* (or ROLES_FILE) and remove DEMO_MODE before real partners use it.',
        line,
        '',
      ].join('\n'),
    );
  }
  if (!config.bot.appId) {
    process.stdout.write(
      [
        '',
        `CPOR Assistant is listening on ${app.url}/api/messages (local default: no Azure settings).`,
        `Data: ${app.store.description} (${app.store.restored} documents restored).`,
        `Chat with it: run \`npm run playground\` in a second terminal and open http://localhost:${config.playgroundPort}`,
        ...(app.demoMode ? ['Demo mode: no roles configured (ROLES_FILE or ROLE_GROUP_*), so every user may act as partner and reviewer.'] : []),
        '',
      ].join('\n'),
    );
  }
}

/** What the start did to the local journal: a torn end cut, the old format read, a damaged journal recovered. */
function logJournalStart(report: JournalStartReport | undefined, log: Logger): void {
  if (report?.tornBytes) log.warn({ bytes: report.tornBytes }, 'local journal: a torn last line (a write never acknowledged) was cut off');
  if (report?.migrated) log.info('local journal: read in the old format, rewritten with sequence numbers and checksums');
  const recovered = report?.recovered;
  if (!recovered) return;
  log.error(
    { line: recovered.line, reason: recovered.reason, keptAs: recovered.keptAs, lost: recovered.lost, unreadableLines: recovered.unreadable },
    `local journal recovered: damaged at line ${recovered.line}, kept aside as ${recovered.keptAs}; started from the line before it`,
  );
  // One line per document whose latest state is lost, so an operator can find each one.
  for (const id of recovered.lost) log.error({ document: id }, 'local journal recovery: document not restored to its latest state');
}

main().catch((err: unknown) => {
  // Start-up failures (port in use, unreachable Cosmos) get one readable line, not a stack trace.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`CPOR Assistant could not start: ${message}\n`);
  process.exit(1);
});
