// The top ten of a CPU profile (`BENCH_PROFILE_DIR`'s .cpuprofile files): self time by function and by where the
// code lives (a package under node_modules, a file of ours, node's internals), as shares of the profiled time.
//   node dist/bench/profileTop.js <file.cpuprofile> [more…]
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: the package, our source file, node's internals, or V8's own entries. */
function area(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const ours = /\/dist\/(.*)$/.exec(url);
  return ours ? ours[1] : path.basename(url);
}

function top(totals: Map<string, number>, all: number, n = 10): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, us]) => `${((100 * us) / all).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}

export function profileTop(file: string): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let all = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return void (idle += us);
    all += us;
    const where = area(url, functionName);
    const fn = `${functionName || '(anonymous)'} ${url ? `${where}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byArea.set(where, (byArea.get(where) ?? 0) + us);
  });
  return [
    `${path.basename(file)}: ${(all / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle`,
    'top ten functions (self time, share of busy):',
    ...top(byFunction, all),
    'top ten places (self time):',
    ...top(byArea, all),
  ].join('\n');
}

if (require.main === module) for (const file of process.argv.slice(2)) console.log(`${profileTop(file)}\n`);
