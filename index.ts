// Entry point of `npm start`: read the configuration, start the bot, say where it listens, stop cleanly.
import dotenv from 'dotenv';
import { startApp } from './bot/app';
import { ConfigError, loadConfig, type Config } from './services/config';
import { createLogger } from './services/logger';
import { startTelemetry } from './services/telemetry';

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
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

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await app.close();
    // What is still buffered (the last spans and metrics) is sent before the process ends.
    await telemetry.shutdown().catch((err: unknown) => log.warn({ err }, 'telemetry not flushed'));
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  // Start-up failures (port in use, unreachable Cosmos) get one readable line, not a stack trace.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`CPOR Assistant could not start: ${message}\n`);
  process.exit(1);
});
