// The documentation a person reads, held to the code: the README stays short, every link between the docs resolves
// (file and heading), and docs/configuration.md's table names exactly the variables services/config.ts reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, readProjectFile, variablesInConfigSource } from '../helpers/configVariables';

const README_LIMIT = 10_000;

/** The Markdown files a reader moves between: the README, docs/, the benchmark's results. */
function markdownFiles(): string[] {
  const docs = fs.existsSync(path.join(PROJECT_ROOT, 'docs')) ? fs.readdirSync(path.join(PROJECT_ROOT, 'docs')) : [];
  return ['README.md', 'bench/RESULTS.md', ...docs.filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsIn(file: string): Set<string> {
  const text = readProjectFile(file).replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1])));
}

/** Relative links of a Markdown file (code blocks and spans left out), as written. */
function relativeLinks(file: string): string[] {
  const text = readProjectFile(file)
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The variable names of the first column of docs/configuration.md's table. */
function configurationTableVariables(): Set<string> {
  const rows = readProjectFile('docs/configuration.md')
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  return new Set(rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Za-z][A-Za-z0-9_]*)`/g)].map((m) => m[1])));
}

describe('documentation', () => {
  it(`the README is under ${README_LIMIT} characters`, () => {
    const length = readProjectFile('README.md').length;
    assert.ok(length < README_LIMIT, `README.md has ${length} characters: move detail into docs/`);
  });

  it('the README gives the two commands: run and test', () => {
    const readme = readProjectFile('README.md');
    assert.match(readme, /```sh\nnpm ci && npm start\n```/);
    assert.match(readme, /```sh\nnpm ci && npm test\n```/);
  });

  it('every relative link in the README, docs/ and bench/RESULTS.md names a file that exists, and a heading it has', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const link of relativeLinks(file)) {
        const [target, anchor] = link.split('#');
        const resolved = target ? path.posix.normalize(path.posix.join(path.posix.dirname(file), target)) : file;
        if (!fs.existsSync(path.join(PROJECT_ROOT, resolved))) broken.push(`${file}: ${link} (no ${resolved})`);
        else if (anchor && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor)) broken.push(`${file}: ${link} (no heading #${anchor} in ${resolved})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("docs/configuration.md's table has one row for every variable services/config.ts reads, and no other", () => {
    const table = configurationTableVariables();
    const read = variablesInConfigSource();
    const undocumented = [...read].filter((name) => !table.has(name));
    assert.deepEqual(undocumented, [], `services/config.ts reads ${undocumented.join(', ')}: add a row to docs/configuration.md's table`);
    const unread = [...table].filter((name) => !read.has(name));
    assert.deepEqual(unread, [], `docs/configuration.md's table names ${unread.join(', ')}, which services/config.ts does not read`);
  });
});
