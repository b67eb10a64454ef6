// The field schema (services/domain/fields.ts) against tables written by hand: each typed value's rule, what a
// complete claim needs, the form's inputs per solution area, what an edit clears, and validateClaim. The expected
// outcomes are written out here, never computed from the schema.
import assert from 'node:assert/strict';
import { DEFAULT_CATALOGUE, type ClaimFields } from '../../services/domain/claim';
import { clearedWith, formInputs, INPUTS, missingFields, validateClaim, type InputId } from '../../services/domain/fields';

const TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';

/** [input, raw answer, the value it gives (ok) or the error code it is refused with]. */
const RULE_TABLE: [InputId, string, { value: unknown } | { error: string }][] = [
  ['partnerId', ' 1234567 ', { value: '1234567' }],
  ['partnerId', '123', { error: 'partnerIdFormat' }],
  ['partnerId', '12345678901', { error: 'partnerIdFormat' }],
  ['partnerId', '', { error: 'required' }],
  ['customerDomain', 'Contoso.COM', { value: 'contoso.com' }],
  ['customerDomain', 'https://www.contoso.com/about', { value: 'contoso.com' }],
  ['customerDomain', 'jane@contoso.com', { value: 'contoso.com' }],
  ['customerDomain', 'contoso', { error: 'domainFormat' }],
  ['customerTenantId', `{${TENANT.toUpperCase()}}`, { value: TENANT }],
  ['customerTenantId', '00000000-0000-0000-0000-000000000000', { error: 'guidFormat' }],
  ['customerTenantId', 'not-a-guid', { error: 'guidFormat' }],
  ['workloads', 'Teams and Exchange', { value: ['Exchange Online', 'Microsoft Teams'] }],
  ['workloads', '6, 1', { value: ['Exchange Online', 'Intune'] }],
  ['workloads', 'Teams, Fax', { error: 'unknownWorkload' }],
  ['workloads', ' , ', { error: 'required' }],
  ['product', 'Power Apps', { value: 'Power Apps' }],
  ['product', '1', { value: 'Dynamics 365 Sales' }],
  ['product', 'SAP', { error: 'unknownProduct' }],
  ['subscriptionId', TENANT, { value: TENANT }],
  ['subscriptionId', '1234', { error: 'guidFormat' }],
  ['customerName', '  Jane   Doe ', { value: 'Jane Doe' }],
  ['customerName', 'J', { error: 'nameTooShort' }],
  ['customerTitle', 'CIO', { value: 'CIO' }],
  ['customerTitle', '', { error: 'required' }],
  ['customerEmail', 'mailto:jane@contoso.com', { value: 'jane@contoso.com' }],
  ['customerEmail', 'jane@', { error: 'emailFormat' }],
  ['technicalName', 'Tina Tech', { value: 'Tina Tech' }],
  ['technicalName', 'T', { error: 'nameTooShort' }],
  ['technicalTitle', 'x'.repeat(101), { error: 'tooLong' }],
  ['technicalEmail', 'tina@contoso.com', { value: 'tina@contoso.com' }],
  ['technicalEmail', 'tina', { error: 'emailFormat' }],
  ['partnerName', 'Al', { value: 'Al' }],
  ['partnerName', '', { error: 'required' }],
  ['partnerEmail', 'al@partner.example', { value: 'al@partner.example' }],
  ['partnerEmail', 'al@partner', { error: 'emailFormat' }],
  ['name', 'Contoso Teams', { value: 'Contoso Teams' }],
  ['name', 'ab', { error: 'nameTooShort' }],
  ['name', 'x'.repeat(101), { error: 'tooLong' }],
  ['comments', '', { value: '' }],
  ['comments', ' ok ', { value: 'ok' }],
  ['comments', 'x'.repeat(2001), { error: 'tooLong' }],
];

/** A complete Microsoft 365 claim, and a complete Dynamics 365 one. */
const M365: ClaimFields = {
  solutionArea: 'microsoft365',
  customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' },
  activity: 'usage',
  workloads: ['Intune'],
  partnerId: '1234567',
  partnerContact: { name: 'Alice', email: 'alice@partner.example' },
  customerDomain: 'contoso.com',
  customerTenantId: TENANT,
  name: 'Contoso Intune',
};
const D365: ClaimFields = {
  ...M365,
  solutionArea: 'businessApplications',
  activity: 'presales',
  workloads: undefined,
  product: 'Dynamics 365 Sales',
  subscriptionId: '5b0d6b8e-3f7a-4c1e-9d2a-7e4f1c3b2a19',
  technicalContact: { name: 'Tina Tech', title: 'Admin', email: 'tina@contoso.com' },
};

describe('field schema', () => {
  describe('each typed value by its rule', () => {
    for (const [id, raw, expected] of RULE_TABLE) {
      it(`${id} ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 10)}… (${raw.length})` : raw)} → ${JSON.stringify(expected)}`, () => {
        const result = INPUTS[id].input.rule(raw, DEFAULT_CATALOGUE);
        if ('value' in expected) assert.deepEqual(result, { ok: true, value: expected.value });
        else assert.equal(result.ok ? 'accepted' : result.error, expected.error);
      });
    }
    it('the table covers every input of the schema (a new field needs its rows here)', () => {
      assert.deepEqual([...new Set(RULE_TABLE.map(([id]) => id))].sort(), Object.keys(INPUTS).sort());
    });
  });

  describe('what a complete claim needs', () => {
    const cases: [string, Partial<ClaimFields>, string[]][] = [
      ['a complete Microsoft 365 claim', M365, []],
      ['a complete Dynamics 365 claim', D365, []],
      ['Power Apps needs no technical contact', { ...D365, product: 'Power Apps', technicalContact: undefined }, []],
      ['Dynamics 365 without its technical contact', { ...D365, technicalContact: undefined }, ['technicalContact']],
      ['a technical contact without a job title', { ...D365, technicalContact: { name: 'Tina', email: 'tina@contoso.com' } }, ['technicalContact']],
      ['Microsoft 365 without workloads', { ...M365, workloads: [] }, ['workloads']],
      ['Business Applications without product and subscription', { ...D365, product: undefined, subscriptionId: undefined }, ['product', 'subscriptionId']],
      ['a customer contact without a job title', { ...M365, customerContact: { name: 'Jane', email: 'jane@contoso.com' } }, ['customerContact']],
      ['a partner contact needs no job title, but an e-mail', { ...M365, partnerContact: { name: 'Alice', email: '' } }, ['partnerContact']],
      ['comments are optional; the name is not', { ...M365, name: '' }, ['name']],
      ['nothing yet', {}, ['solutionArea', 'activity', 'partnerId', 'customerDomain', 'customerTenantId', 'customerContact', 'partnerContact', 'name']],
    ];
    for (const [title, fields, missing] of cases) it(title, () => assert.deepEqual(missingFields(fields), missing));
  });

  describe('the one-card form per solution area', () => {
    it('Microsoft 365: the workloads, no technical contact', () =>
      assert.deepEqual(formInputs('microsoft365'), [
        { section: 'customer', inputs: ['customerDomain', 'customerTenantId'] },
        { section: 'claimed', inputs: ['workloads'] },
        { section: 'contacts', inputs: ['customerName', 'customerTitle', 'customerEmail'] },
        { section: 'partner', inputs: ['partnerId', 'partnerName', 'partnerEmail', 'name', 'comments'] },
      ]));
    it('Business Applications: product, subscription and the technical contact', () =>
      assert.deepEqual(formInputs('businessApplications'), [
        { section: 'customer', inputs: ['customerDomain', 'customerTenantId'] },
        { section: 'claimed', inputs: ['product', 'subscriptionId'] },
        { section: 'contacts', inputs: ['customerName', 'customerTitle', 'customerEmail', 'technicalName', 'technicalTitle', 'technicalEmail'] },
        { section: 'partner', inputs: ['partnerId', 'partnerName', 'partnerEmail', 'name', 'comments'] },
      ]));
  });

  describe('what an edit clears with a field', () => {
    const cases: [string[], string[]][] = [
      [['solutionArea'], ['solutionArea', 'activity', 'workloads', 'product', 'subscriptionId', 'technicalContact']],
      [['product'], ['product', 'technicalContact']],
      [
        ['customerDomain', 'customerTenantId'],
        ['customerDomain', 'customerTenantId'],
      ],
      [['partnerId'], ['partnerId']],
    ];
    for (const [edited, cleared] of cases) {
      it(`${edited.join(', ')} → ${cleared.join(', ')}`, () => assert.deepEqual(clearedWith(edited as never).sort(), [...cleared].sort()));
    }
  });

  describe('validateClaim', () => {
    const cases: [string, ClaimFields, string[]][] = [
      ['a complete Microsoft 365 claim', M365, []],
      ['a complete Dynamics 365 claim', D365, []],
      ['an activity of another area', { ...M365, activity: 'presales' }, ['activity: activityNotAllowed']],
      ['a workload no longer in the catalogue', { ...M365, workloads: ['Fax'] }, ['workloads: unknownWorkload (Fax)']],
      ['a product no longer in the catalogue', { ...D365, product: 'SAP', technicalContact: undefined }, ['product: unknownProduct (SAP)']],
      [
        'a bad e-mail and a short name in contacts',
        { ...M365, customerContact: { name: 'J', title: 'CIO', email: 'jane@' } },
        ['customerContact.name: nameTooShort (2)', 'customerContact.email: emailFormat'],
      ],
      ['a short claim name', { ...M365, name: 'ab' }, ['name: nameTooShort (3)']],
      ['a missing tenant', { ...M365, customerTenantId: '' }, ['customerTenantId: required']],
      ['a Microsoft 365 claim without workloads', { ...M365, workloads: undefined }, ['workloads: required']],
      ['comments too long', { ...M365, comments: 'x'.repeat(2001) }, ['comments: tooLong (2000)']],
    ];
    for (const [title, fields, problems] of cases) it(title, () => assert.deepEqual(validateClaim(fields, DEFAULT_CATALOGUE), problems));
  });
});
