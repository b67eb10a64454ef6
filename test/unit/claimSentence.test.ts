import assert from 'node:assert/strict';
import { namedEntries, parseClaimSentence } from '../../services/domain/claimSentence';
import { DEFAULT_CATALOGUE, DEFAULT_M365_WORKLOADS } from '../../services/domain/claim';

const TENANT = '8a8e3d2c-5b7f-4c1e-9d2a-3f4b5c6d7e8f';
const SUBSCRIPTION = '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b';

describe('a claim said in one sentence', () => {
  it("takes the issue's example: domain, tenant, workloads, Partner ID; Microsoft 365 means Usage", () => {
    assert.deepEqual(parseClaimSentence(`claim contoso.com ${TENANT} for Teams and Exchange, partner id 4567890`, DEFAULT_CATALOGUE), {
      customerTenantId: TENANT,
      customerDomain: 'contoso.com',
      partnerId: '4567890',
      solutionArea: 'microsoft365',
      workloads: ['Microsoft Teams', 'Exchange Online'],
      activity: 'usage',
    });
  });

  it('in Italian, with a pasted URL, a typo and the contacts by their labels', () => {
    const parsed = parseClaimSentence(
      `nuova associazione https://www.fabrikam.it/ tenant {${TENANT.toUpperCase()}} per Micrsoft Teams e SharePoint, id partner 1234567, ` +
        'contatto cliente anna.rossi@fabrikam.it, contatto partner luca@partner.example',
      DEFAULT_CATALOGUE,
    );
    assert.deepEqual(parsed, {
      customerTenantId: TENANT,
      customerDomain: 'fabrikam.it',
      customerEmail: 'anna.rossi@fabrikam.it',
      partnerEmail: 'luca@partner.example',
      partnerId: '1234567',
      solutionArea: 'microsoft365',
      workloads: ['Microsoft Teams', 'SharePoint Online'],
      activity: 'usage',
    });
  });

  it('a Business Applications claim: product, subscription by its label, the activity said', () => {
    const parsed = parseClaimSentence(
      `claim subscription ${SUBSCRIPTION} tenant ${TENANT} contoso.com Dynamics 365 Sales presales, mpn 7654321`,
      DEFAULT_CATALOGUE,
    );
    assert.deepEqual(parsed, {
      customerTenantId: TENANT,
      subscriptionId: SUBSCRIPTION,
      customerDomain: 'contoso.com',
      partnerId: '7654321',
      solutionArea: 'businessApplications',
      product: 'Dynamics 365 Sales',
      activity: 'presales',
    });
  });

  it('two GUIDs without labels: the tenant first, then the subscription', () => {
    const parsed = parseClaimSentence(`claim ${TENANT} ${SUBSCRIPTION} business central revenue association`, DEFAULT_CATALOGUE);
    assert.equal(parsed?.customerTenantId, TENANT);
    assert.equal(parsed?.subscriptionId, SUBSCRIPTION);
    assert.equal(parsed?.product, 'Dynamics 365 Business Central');
    assert.equal(parsed?.activity, 'revenueAssociation');
  });

  it("an unlabelled e-mail is the customer's in the customer domain, the partner's outside it, nobody's without a domain", () => {
    const both = parseClaimSentence('claim contoso.com teams mario@contoso.com luca@partner.example', DEFAULT_CATALOGUE);
    assert.equal(both?.customerEmail, 'mario@contoso.com');
    assert.equal(both?.partnerEmail, 'luca@partner.example');
    const alone = parseClaimSentence('claim teams mario@contoso.com', DEFAULT_CATALOGUE);
    assert.equal(alone?.customerEmail, undefined);
    assert.equal(alone?.partnerEmail, undefined);
  });

  it("a customer's e-mail address gives the customer domain when none is said", () => {
    assert.deepEqual(parseClaimSentence('claim teams for customer mario@contoso.com', DEFAULT_CATALOGUE), {
      customerEmail: 'mario@contoso.com',
      customerDomain: 'contoso.com',
      solutionArea: 'microsoft365',
      workloads: ['Microsoft Teams'],
      activity: 'usage',
    });
  });

  it('takes nothing it cannot validate, and nothing from a sentence that is not a claim', () => {
    assert.deepEqual(parseClaimSentence('claim 00000000-0000-0000-0000-000000000000 partner id 12', DEFAULT_CATALOGUE), undefined);
    assert.equal(parseClaimSentence('new association', DEFAULT_CATALOGUE), undefined, 'the plain command stays the command');
    assert.equal(parseClaimSentence(`why was my claim for contoso.com rejected?`, DEFAULT_CATALOGUE), undefined);
    assert.equal(parseClaimSentence(`what is a tenant id ${TENANT}`, DEFAULT_CATALOGUE), undefined);
    assert.equal(parseClaimSentence('claim rejected for contoso.com?', DEFAULT_CATALOGUE), undefined, 'a question is not a claim');
  });

  it('a Microsoft 365 claim has no subscription, and a lone short number is not a Partner ID', () => {
    const parsed = parseClaimSentence(`claim contoso.com ${TENANT} ${SUBSCRIPTION} teams 2025`, DEFAULT_CATALOGUE);
    assert.equal(parsed?.subscriptionId, undefined);
    assert.equal(parsed?.partnerId, undefined);
  });

  it('label words are not values: "customer email" is no workload, a phone number no Partner ID', () => {
    const parsed = parseClaimSentence(`claim contoso.com ${TENANT} for Teams, customer email anna@contoso.com, phone 5551234`, DEFAULT_CATALOGUE);
    assert.deepEqual(parsed?.workloads, ['Microsoft Teams']);
    assert.equal(parsed?.customerEmail, 'anna@contoso.com');
    assert.equal(parsed?.partnerId, undefined);
    assert.equal(parseClaimSentence(`claim contoso.com teams, mobile +39 3331234567`, DEFAULT_CATALOGUE)?.partnerId, undefined);
    assert.equal(parseClaimSentence(`claim contoso.com teams 4567890`, DEFAULT_CATALOGUE)?.partnerId, '4567890', 'a lone number is still taken');
  });

  it('names workloads by the longest run of words that names one', () => {
    assert.deepEqual(namedEntries('exchange online, sharepoint and the teams rollout', DEFAULT_M365_WORKLOADS), [
      'Exchange Online',
      'SharePoint Online',
      'Microsoft Teams',
    ]);
    assert.deepEqual(namedEntries('for the contoso migration project', DEFAULT_M365_WORKLOADS), []);
  });
});
