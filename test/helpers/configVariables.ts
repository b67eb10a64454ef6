// The environment variables services/config.ts reads, found in its source (every read goes through one of its small
// readers: get, int, oneOf, url, guid, list, or the GRAPH_REQUIRED list), for the tests that hold the docs and the
// Azure templates against the code.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../services/config';

// Compiled to dist/test/helpers/, so the project root is three levels up.
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export function readProjectFile(relative: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, relative), 'utf8');
}

const READER_CALL = /\b(?:get|int|oneOf|url|guid|list)\(\s*'([A-Za-z][A-Za-z0-9_]*)'/g;
const GRAPH_REQUIRED = /const GRAPH_REQUIRED = \[([^\]]*)\]/;

/** Every variable named in a reader call of services/config.ts. */
export function variablesInConfigSource(): Set<string> {
  const source = readProjectFile('services/config.ts');
  const names = new Set([...source.matchAll(READER_CALL)].map((m) => m[1]));
  for (const m of (GRAPH_REQUIRED.exec(source)?.[1] ?? '').matchAll(/'([A-Za-z0-9_]+)'/g)) names.add(m[1]);
  return names;
}

/** The variables loadConfig actually looks up with no settings at all (a check that the source scan misses none). */
export function variablesReadAtRuntime(): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') seen.add(name);
        return undefined;
      },
    },
  );
  loadConfig(env, PROJECT_ROOT);
  return seen;
}
