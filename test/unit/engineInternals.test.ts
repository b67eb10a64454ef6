// The local store reaches into private internals of @vercel/cosmosdb-server and its query engine (all of it in
// services/localStore/engine.ts). This fails loudly, naming what changed, when an upgrade (or a reinstall that
// resolves another version) no longer matches what that file relies on.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { checkInternals, PINNED } from '../../services/localStore/engine';

const serverRequire = createRequire(require.resolve('@vercel/cosmosdb-server'));

describe('local store: the private internals of @vercel/cosmosdb-server it patches', () => {
  it('are where and as engine.ts expects them (installed versions, modules, prototype methods, fields, query code shape)', () => {
    assert.deepEqual(checkInternals(), []);
  });

  it('the server is pinned in package.json to the version engine.ts was written against', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies['@vercel/cosmosdb-server'], PINNED['@vercel/cosmosdb-server'], 'an exact pin, no range');
  });

  it('names a prototype method that has gone (as an upgrade that renames it would)', () => {
    const proto = (serverRequire('./account/documents').default as { prototype: Record<string, unknown> }).prototype;
    const own = Object.getOwnPropertyDescriptor(proto, '_set'); // inherited from Items unless the hooks wrapped it
    proto._set = undefined;
    try {
      assert.deepEqual(checkInternals(), ['Documents.prototype._set is not a function']);
    } finally {
      if (own) Object.defineProperty(proto, '_set', own);
      else delete proto._set;
    }
  });
});
