#!/usr/bin/env node
// `npm run playground`: the Microsoft 365 Agents Playground (a Teams-like chat page) against the local bot.
// It reads the same `.env` as `npm start` (variables already set in the environment win, as for the bot), so a
// PORT set there reaches both. TEAMSAPPTESTER_BROWSER=none stops it from trying to open a browser (no xdg-open on
// servers); open the printed address yourself.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const dotenv = require('dotenv');

/** Where the Playground listens and which bot endpoint it talks to, from the environment and `cwd/.env`. */
function playgroundSettings(env = process.env, cwd = process.cwd()) {
  const file = path.join(cwd, '.env');
  const fromFile = fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
  const get = (name) => env[name] || fromFile[name] || undefined;
  const botPort = get('PORT') || '3978';
  return {
    botPort,
    endpoint: get('BOT_ENDPOINT') || `http://localhost:${botPort}/api/messages`,
    port: get('PLAYGROUND_PORT') || '56150',
  };
}

function main() {
  const { endpoint, port } = playgroundSettings();
  const cli = path.join(__dirname, '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  console.log(`Agents Playground on http://localhost:${port} (channel msteams) -> bot at ${endpoint}`);
  console.log('Start the bot first with `npm start` in another terminal.');
  const child = spawn(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '-p', port, '--disable-telemetry'], {
    stdio: 'inherit',
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (require.main === module) main();

module.exports = { playgroundSettings };
