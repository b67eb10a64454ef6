// No import circles among the production files (bot/, services/, cards/, index.ts): a circle makes two rooms one
// (neither can be understood, tested or moved without the other) and leaves some module half-loaded at start.
// The graph is read from the TypeScript sources with the compiler's own pre-processor, so `import type` and
// `export … from` count as much as a value import: a type is a dependency too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../helpers/configVariables';

type Graph = Map<string, string[]>;

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every production file and the production files it imports (relative specifiers resolved as the compiler does). */
function importGraph(): Graph {
  const files = [...['bot', 'services', 'cards'].flatMap(sourcesUnder), 'index.ts'];
  const known = new Set(files);
  const graph: Graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
      .map((base) => [`${base}.ts`, `${base}/index.ts`].find((candidate) => known.has(candidate)))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Tarjan's strongly connected components of more than one file (or a file importing itself). */
function circles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.map((component) => pathAround(graph, component));
}

/** One import path through a component, from its first file back to it: what a reader follows to see the circle. */
function pathAround(graph: Graph, component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const route = [v];
        while (route[0] !== start) route.unshift(cameFrom.get(route[0])!);
        return [...route, start];
      }
      if (!cameFrom.has(w) && w !== start) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

describe('import circles', () => {
  it('finds a circle, with the path around it, and nothing outside it', () => {
    const graph: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(circles(graph), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('reads type-only imports and re-exports as dependencies', () => {
    const { importedFiles } = ts.preProcessFile("import type { A } from './a';\nexport { B } from './b';\nexport type { C } from './c';", true, true);
    assert.deepEqual(
      importedFiles.map((f) => f.fileName),
      ['./a', './b', './c'],
    );
  });

  it('has none among the production files (bot/, services/, cards/, index.ts)', () => {
    const graph = importGraph();
    assert.ok(graph.size > 50, `read only ${graph.size} files: the walk missed the sources`);
    const found = circles(graph).map((route) => route.join(' -> '));
    assert.deepEqual(found, [], `import circles:\n  ${found.join('\n  ')}`);
  });
});
