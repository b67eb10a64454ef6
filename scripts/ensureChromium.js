#!/usr/bin/env node
// The end-to-end tests drive the Agents Playground in Debian's Chromium. `npm test` makes sure it is there:
// installed with apt-get when we are root, otherwise a stop with the exact command to run. Never a silent skip.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (fs.existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`The end-to-end tests need Chromium at ${CHROMIUM}. Install it with:\n\n  sudo apt-get install -y chromium\n`);
  process.exit(1);
}
console.log('Installing Chromium for the end-to-end tests (apt-get install -y chromium)...');
try {
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  // A fresh machine may have empty package lists: refresh once and retry.
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
