// The roles file: roles per tenant and user; the old form (user alone) still read, with one warning at start.
import assert from 'node:assert/strict';
import { MappedRoles, parseRoleMapping, type Role } from '../../services/roles';
import { memoryLogger } from '../helpers/testApp';

const TENANT_A = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TENANT_B = 'c0ffee00-1111-4222-8333-444455556666';
const OLD_FORM_WARNING = /keyed by user alone/;

const resolver = (json: unknown) => {
  const { mapping, problems } = parseRoleMapping(JSON.stringify(json));
  assert.deepEqual(problems, []);
  const { log, lines } = memoryLogger();
  return { roles: new MappedRoles(mapping!, log), warnings: () => lines().filter((l) => OLD_FORM_WARNING.test(String(l.msg))) };
};
const sorted = (set: Set<Role>) => [...set].sort();

describe('roles file keyed by tenant and user', () => {
  it("gives a user the roles of their own tenant's entry, by Teams id, object id or e-mail (any case), and none in another tenant", async () => {
    const { roles, warnings } = resolver({
      [TENANT_A]: { '29:alice': ['incentivesAdmin'], '0D9C6A3E-0000-4000-8000-00000000A11C': ['reviewer'], 'Marco@Partner.example': ['incentivesUser'] },
      [TENANT_B]: { '29:bruno': ['incentivesUser'] },
    });
    assert.deepEqual(sorted(await roles.rolesOf({ tenantId: TENANT_A, userId: '29:alice', aadObjectId: '0d9c6a3e-0000-4000-8000-00000000a11c' })), [
      'incentivesAdmin',
      'reviewer',
    ]);
    assert.deepEqual(sorted(await roles.rolesOf({ tenantId: TENANT_A.toUpperCase(), userId: '29:x', email: 'marco@partner.example' })), ['incentivesUser']);
    // The same ids acting from another organisation: that organisation's entry, here none.
    assert.deepEqual(sorted(await roles.rolesOf({ tenantId: TENANT_B, userId: '29:alice', aadObjectId: '0d9c6a3e-0000-4000-8000-00000000a11c' })), []);
    assert.deepEqual(sorted(await roles.rolesOf({ tenantId: TENANT_A, userId: '29:bruno' })), []);
    assert.deepEqual(sorted(await roles.rolesOf({ tenantId: TENANT_B, userId: '29:bruno' })), ['incentivesUser']);
    assert.equal(warnings().length, 0, 'no warning for the tenant-keyed form');
  });

  it('still reads the old form (user alone, any tenant), with one warning however often it is used', async () => {
    const { roles, warnings } = resolver({ '29:alice': ['incentivesAdmin'], [TENANT_B]: { '29:bruno': ['reviewer'] } });
    for (const tenantId of [TENANT_A, TENANT_B, TENANT_A]) {
      assert.deepEqual(sorted(await roles.rolesOf({ tenantId, userId: '29:alice' })), ['incentivesAdmin']);
    }
    assert.deepEqual(sorted(await roles.rolesOf({ tenantId: TENANT_B, userId: '29:bruno' })), ['reviewer']);
    assert.equal(warnings().length, 1, 'one warning');
    assert.equal(warnings()[0].level, 40, 'at warn level');
  });

  it('names each wrong entry of either form', () => {
    const { problems } = parseRoleMapping(JSON.stringify({ '29:a': ['boss'], [TENANT_A]: { '29:b': 'reviewer', '29:c': ['reviewer'] }, '29:d': 7 }));
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0], /"29:a": roles must be an array of/);
    assert.match(problems[1], new RegExp(`"${TENANT_A}" > "29:b": roles must be an array of`));
    assert.match(problems[2], /"29:d": must be a tenant id mapping users to roles/);
  });
});
