// Which WHERE terms the embedded store's equality index may narrow a query by (services/localStore/fieldIndex.ts):
// only top-level AND terms `<alias>.<indexed field> = <string literal or parameter>`; anything that could let a
// document without that value through (OR, NOT, a join, another alias, another operator) narrows nothing.
import assert from 'node:assert/strict';
import { equalitiesOf, FieldIndex } from '../../services/localStore/fieldIndex';
import { queryAst } from '../../services/localStore/engine';
import type { Doc } from '../../services/localStore/engineTypes';

const terms = (sql: string) =>
  equalitiesOf(queryAst(sql)).map((t) => `${t.field}=${'literal' in t.value ? JSON.stringify(t.value.literal) : t.value.parameter}`);

describe('local store equality index: the terms a query can be narrowed by', () => {
  const expected: [string, string[]][] = [
    ["SELECT * FROM c WHERE c.type = 'claim' AND c.customerTenantId = @tenant AND c.partnerTenantId != @partner", ['customerTenantId=@tenant']],
    ["SELECT * FROM c WHERE c.status = 'Approved' AND c.customerTenantId = @t", ['status="Approved"', 'customerTenantId=@t']],
    ['SELECT * FROM c WHERE @t = c.customerTenantId', ['customerTenantId=@t']],
    ["SELECT * FROM c WHERE c['status'] = 'Official'", ['status="Official"']],
    ["SELECT * FROM claims x WHERE x.status = 'Approved'", ['status="Approved"']],
    ['SELECT * FROM c WHERE (c.a = 1 AND (c.customerTenantId = @t AND c.b = 2))', ['customerTenantId=@t']],
    // Nothing to narrow by:
    ["SELECT * FROM c WHERE c.status = 'Approved' OR c.customerTenantId = @t", []],
    ["SELECT * FROM c WHERE NOT (c.status = 'Approved')", []],
    ["SELECT * FROM c WHERE c.status != 'Approved'", []],
    ['SELECT * FROM c WHERE c.status = 3', []],
    ["SELECT * FROM c WHERE c.other = 'x'", []],
    ["SELECT * FROM c WHERE c.nested.status = 'x'", []],
    ["SELECT * FROM claims x WHERE c.status = 'Approved'", []],
    ["SELECT * FROM c JOIN w IN c.workloads WHERE c.status = 'Approved'", []],
    ['SELECT * FROM c', []],
    ["SELECT VALUE COUNT(1) FROM c WHERE c.status = 'Submitted'", ['status="Submitted"']],
  ];
  for (const [sql, want] of expected) {
    it(sql, () => assert.deepEqual(terms(sql), want));
  }
});

describe('local store equality index: buckets', () => {
  const doc = (rid: string, fields: Record<string, unknown>): Doc => ({ id: rid, _rid: rid, ...fields });
  const item = (d: Doc) => ({ read: () => d });
  const byStatus = (index: FieldIndex, status: unknown) => [...(index.narrow([{ field: 'status', value: { literal: status } }])?.keys() ?? ['(all)'])].sort();

  it('follows a document as its value changes and when it goes; a value nobody holds narrows to nothing', () => {
    const index = new FieldIndex();
    const a = doc('a', { status: 'Approved' });
    index.set(a, item(a));
    index.set(doc('b', { status: 'Approved' }), item(doc('b', {})));
    assert.deepEqual(byStatus(index, 'Approved'), ['a', 'b']);
    index.set(doc('a', { status: 'Official' }), item(a));
    assert.deepEqual(byStatus(index, 'Approved'), ['b']);
    assert.deepEqual(byStatus(index, 'Official'), ['a']);
    index.remove('b');
    assert.deepEqual(byStatus(index, 'Approved'), []);
    assert.deepEqual(byStatus(index, 3), ['(all)'], 'a value that is not a string: every document');
  });

  it('takes the smallest bucket among the terms, and the parameter values given', () => {
    const index = new FieldIndex();
    for (let i = 0; i < 5; i++) {
      const d = doc(`d${i}`, { status: 'Submitted', customerTenantId: i === 0 ? 't0' : 'many' });
      index.set(d, item(d));
    }
    const narrowed = index.narrow(
      [
        { field: 'status', value: { literal: 'Submitted' } },
        { field: 'customerTenantId', value: { parameter: '@t' } },
      ],
      [{ name: '@t', value: 't0' }],
    );
    assert.deepEqual([...(narrowed?.keys() ?? [])], ['d0']);
    assert.equal(index.narrow([{ field: 'customerTenantId', value: { parameter: '@missing' } }]), undefined, 'an unknown parameter: every document');
    // Bound as the engine binds them: by the name after its first character, the last one given winning.
    const bound = (parameters: { name: string; value: unknown }[]) => [
      ...(index.narrow([{ field: 'customerTenantId', value: { parameter: '@t' } }], parameters)?.keys() ?? ['(all)']),
    ];
    assert.deepEqual(
      bound([
        { name: '@t', value: 'many' },
        { name: '@t', value: 't0' },
      ]),
      ['d0'],
    );
    assert.deepEqual(
      bound([
        { name: '@t', value: 'many' },
        { name: 'xt', value: 't0' },
      ]),
      ['d0'],
    );
  });
});
