// The embedded query engine rewritten to append in place (linear, not quadratic): the rewrite must still apply to
// the installed engine (this fails after an upgrade that changes its code shape) and give the same results.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { compiledQuery, installHooks } from '../../services/localStore/engine';

const engine = createRequire(require.resolve('@vercel/cosmosdb-server'))('@zeit/cosmosdb-query').default as (sql: string) => {
  exec(docs: unknown[], opts?: Record<string, unknown>): { result: unknown[]; continuation: { token: string } | null };
};

const DOCS = [
  { id: '1', _rid: 'a', n: 3, tags: ['x', 'y'], gone: undefined },
  { id: '2', _rid: 'b', n: 1, tags: ['y'] },
  { id: '3', _rid: 'c', n: 2 },
];

describe('local store query engine', () => {
  before(() => installHooks());

  it('compiles FROM and JOIN without copying the rows collected so far (the rewrite applies)', () => {
    for (const sql of [
      'SELECT * FROM c',
      "SELECT * FROM c WHERE c.type = 'claim' AND c.partnerTenantId = @partner ORDER BY c.createdAt DESC",
      'SELECT c.id, t FROM c JOIN t IN c.tags',
      "SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'x')",
    ]) {
      const code = compiledQuery(sql);
      assert.doesNotMatch(code, /\[\s*\.\.\.\$\s*,/, `no [...$, …] left in: ${sql}\n${code}`);
      assert.match(code, /\$\.push\(/, sql);
    }
  });

  it('gives the same results: filters, ORDER BY, JOIN, EXISTS, TOP, aggregates, pages', () => {
    const run = (sql: string, opts: Record<string, unknown> = {}) => engine(sql).exec(DOCS, opts).result;
    assert.deepEqual(run('SELECT VALUE c.id FROM c ORDER BY c.n'), ['2', '3', '1']);
    assert.deepEqual(run('SELECT VALUE c.id FROM c WHERE c.n >= @min', { parameters: [{ name: '@min', value: 2 }] }), ['1', '3']);
    assert.deepEqual(run('SELECT c.id, t FROM c JOIN t IN c.tags'), [
      { id: '1', t: 'x' },
      { id: '1', t: 'y' },
      { id: '2', t: 'y' },
    ]);
    assert.deepEqual(run("SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'x')"), ['1']);
    assert.deepEqual(run('SELECT TOP 2 VALUE c.id FROM c'), ['1', '2']);
    assert.deepEqual(run('SELECT VALUE COUNT(1) FROM c'), [3]);
    assert.deepEqual(run('SELECT * FROM c WHERE c.id = "1"'), [{ id: '1', _rid: 'a', n: 3, tags: ['x', 'y'] }], 'undefined fields stripped');
    const first = engine('SELECT VALUE c.id FROM c ORDER BY c.n DESC').exec(DOCS, { maxItemCount: 2 });
    assert.deepEqual(first.result, ['1', '3']);
    assert.ok(first.continuation);
    const second = engine('SELECT VALUE c.id FROM c ORDER BY c.n DESC').exec(DOCS, { maxItemCount: 2, continuation: first.continuation });
    assert.deepEqual(second.result, ['2']);
  });
});
