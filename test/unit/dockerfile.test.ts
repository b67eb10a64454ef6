// The Dockerfile's promises, read from the file (docker cannot run here): two stages, the runtime stage installs
// production dependencies only and runs as an unprivileged user, checks /healthz, and starts the built entry point
// that `npm start` runs; .dockerignore keeps secrets and local data out of the build context.
import assert from 'node:assert/strict';
import { readProjectFile } from '../helpers/configVariables';

interface Stage {
  name: string;
  lines: string[];
}

/** The Dockerfile's stages with their instructions, continuation lines joined and comments dropped. */
function stages(text: string): Stage[] {
  const instructions = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const result: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) result.push({ name: from[1] ?? String(result.length), lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

const dockerfile = stages(readProjectFile('Dockerfile'));
const runtime = dockerfile.at(-1)!;
const instruction = (stage: Stage, keyword: string) => stage.lines.filter((l) => l.toUpperCase().startsWith(`${keyword} `));

describe('Dockerfile', () => {
  it('builds in one stage and runs from another that copies only the build output', () => {
    assert.ok(dockerfile.length >= 2, 'multi-stage');
    assert.ok(
      dockerfile.slice(0, -1).some((s) => s.lines.includes('RUN npm run build')),
      'an earlier stage builds',
    );
    assert.deepEqual(
      instruction(runtime, 'COPY').filter((l) => l.includes('--from=')),
      [`COPY --from=${dockerfile[0].name} /app/dist ./dist`],
    );
    assert.ok(!runtime.lines.some((l) => l.includes('npm run build')), 'no build in the runtime stage');
  });

  it('installs production dependencies only in the runtime stage, from the lock file', () => {
    const installs = instruction(runtime, 'RUN').filter((l) => /\bnpm (ci|install)\b/.test(l));
    assert.equal(installs.length, 1);
    assert.match(installs[0], /\bnpm ci --omit=dev\b/);
    assert.ok(instruction(runtime, 'COPY').some((l) => /package-lock\.json/.test(l)));
  });

  it('runs as a user that is not root', () => {
    const users = instruction(runtime, 'USER');
    assert.equal(users.length, 1, 'one USER in the runtime stage');
    const user = users[0].split(/\s+/)[1];
    assert.ok(!['root', '0', '0:0', 'root:root'].includes(user), `USER ${user}`);
    const after = runtime.lines.slice(runtime.lines.indexOf(users[0]) + 1);
    assert.ok(!after.some((l) => /^RUN /i.test(l)), 'nothing runs after switching to the user, as root or not');
  });

  it('checks /healthz on the port the bot listens on', () => {
    const [check] = instruction(runtime, 'HEALTHCHECK');
    assert.ok(check, 'HEALTHCHECK present');
    assert.match(check, /\/healthz/);
    assert.match(check, /process\.env\.PORT \|\| 3978/);
  });

  it('starts the built entry point as `npm start` does', () => {
    const start = (JSON.parse(readProjectFile('package.json')) as { scripts: { start: string } }).scripts.start;
    const [cmd] = instruction(runtime, 'CMD');
    const argv = JSON.parse(cmd.slice('CMD '.length)) as string[];
    assert.equal(argv[0], 'node');
    assert.ok(start.endsWith(`exec ${argv.join(' ')}`), `npm start runs "${start}", the image "${argv.join(' ')}"`);
  });

  it('.dockerignore keeps secrets, local data and installed or built files out of the build context', () => {
    const ignored = readProjectFile('.dockerignore').split('\n');
    for (const entry of ['.env', '.data', 'node_modules', 'dist', '.git']) assert.ok(ignored.includes(entry), `${entry} ignored`);
  });
});
