#!/usr/bin/env node
// `npm run playground`: the Microsoft 365 Agents Playground (a Teams-like chat page) against the local bot.
// TEAMSAPPTESTER_BROWSER=none stops it from trying to open a browser (no xdg-open on servers); open the
// printed address yourself.
const { spawn } = require('node:child_process');
const path = require('node:path');

const botPort = process.env.PORT || '3978';
const endpoint = process.env.BOT_ENDPOINT || `http://localhost:${botPort}/api/messages`;
const port = process.env.PLAYGROUND_PORT || '56150';
const cli = path.join(__dirname, '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

console.log(`Agents Playground on http://localhost:${port} (channel msteams) -> bot at ${endpoint}`);
console.log('Start the bot first with `npm start` in another terminal.');
const child = spawn(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '-p', port, '--disable-telemetry'], {
  stdio: 'inherit',
  env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
