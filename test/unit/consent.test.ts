// The customer contact must be the customer's (services/domain/consent.ts), table by table: the e-mail's domain,
// the partner's own domains, the verdict at entry and after an edit, what a stored claim's check is, and when the
// reviewer must tick that they checked it.
import assert from 'node:assert/strict';
import {
  contactCheckOf,
  contactNeedsReview,
  contactPlace,
  emailDomain,
  judgeContact,
  judgeEditedContact,
  partnerDomains,
  withinDomain,
  type ContactCheck,
  type ContactFacts,
  type DomainLookup,
} from '../../services/domain/consent';

const CUSTOMER = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';
const OTHER = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

describe('consent: the customer contact reaches the customer', () => {
  it('the domain of an address', () => {
    for (const [email, domain] of [
      ['jane@contoso.com', 'contoso.com'],
      ['Jane.Doe@EU.Contoso.COM', 'eu.contoso.com'],
      ['"a@b"@contoso.com.', 'contoso.com'],
      ['no-at-sign', ''],
    ]) {
      assert.equal(emailDomain(email), domain, email);
    }
  });

  it('a domain is within another when it is the same or a subdomain, never a look-alike', () => {
    for (const [domain, parent, within] of [
      ['contoso.com', 'contoso.com', true],
      ['eu.contoso.com', 'contoso.com', true],
      ['Mail.EU.Contoso.com', 'contoso.com.', true],
      ['notcontoso.com', 'contoso.com', false],
      ['contoso.com.evil.example', 'contoso.com', false],
      ['contoso.com', 'eu.contoso.com', false],
      ['contoso.com', '', false],
    ] as const) {
      assert.equal(withinDomain(domain, parent), within, `${domain} in ${parent}`);
    }
  });

  it("the partner's domains: its contact's and the user's, once each", () => {
    assert.deepEqual(partnerDomains(['alice@partner.example', undefined, 'Bob@Partner.example', 'x@eu.partner.example']), [
      'partner.example',
      'eu.partner.example',
    ]);
    assert.deepEqual(partnerDomains([undefined, '']), []);
  });

  it('where an address is: the partner domains first, then the customer domain', () => {
    const partners = ['partner.example'];
    for (const [email, customerDomain, place] of [
      ['al@partner.example', 'contoso.com', 'partnerDomain'],
      ['al@sales.partner.example', 'contoso.com', 'partnerDomain'],
      ['jane@contoso.com', 'contoso.com', 'customerDomain'],
      ['jane@eu.contoso.com', 'contoso.com', 'customerDomain'],
      ['jane@contoso.it', 'contoso.com', 'otherDomain'],
      // A customer domain that is the partner's own proves nothing.
      ['al@partner.example', 'partner.example', 'partnerDomain'],
    ] as const) {
      assert.equal(contactPlace(email, customerDomain, partners), place, `${email} for ${customerDomain}`);
    }
  });

  describe('at entry (a new claim): refused, or the check it keeps', () => {
    const facts = (email: string, lookup: DomainLookup): ContactFacts => ({
      email,
      customerDomain: 'contoso.com',
      customerTenantId: CUSTOMER,
      partners: ['partner.example'],
      lookup,
    });
    const rows: [email: string, lookup: DomainLookup, verdict: string][] = [
      // Without Graph: the customer domain or a subdomain.
      ['jane@contoso.com', 'notConfigured', 'customerDomain'],
      ['jane@eu.contoso.com', 'notConfigured', 'customerDomain'],
      ['jane@contoso.it', 'notConfigured', 'refused: outsideDomain'],
      ['al@partner.example', 'notConfigured', 'refused: partnerDomain'],
      // With Graph: the domain resolves to the claimed tenant (any case), whatever the domain is called.
      ['jane@contoso.it', { tenantId: CUSTOMER.toUpperCase() }, 'tenantMatched'],
      ['jane@contoso.com', { tenantId: CUSTOMER }, 'tenantMatched'],
      ['fay@fabrikam.com', { tenantId: OTHER }, 'refused: otherTenant'],
      ['nobody@unowned.example', { tenantId: undefined }, 'refused: otherTenant'],
      // The partner's own domain is refused even if Graph said it was the customer's.
      ['al@partner.example', { tenantId: CUSTOMER }, 'refused: partnerDomain'],
      // Graph did not answer: let through, flagged.
      ['jane@contoso.it', 'failed', 'lookupFailed'],
      ['al@partner.example', 'failed', 'refused: partnerDomain'],
    ];
    for (const [email, lookup, expected] of rows) {
      it(`${email}, Graph ${JSON.stringify(lookup)}: ${expected}`, () => {
        const verdict = judgeContact(facts(email, lookup));
        assert.equal(verdict.ok ? verdict.check : `refused: ${verdict.problem}`, expected);
      });
    }
    it('in an edit nothing is refused: what would be is kept as the flag', () => {
      assert.equal(judgeEditedContact(facts('al@partner.example', 'notConfigured')), 'partnerDomain');
      assert.equal(judgeEditedContact(facts('fay@fabrikam.com', { tenantId: OTHER })), 'otherTenant');
      assert.equal(judgeEditedContact(facts('jane@contoso.it', 'notConfigured')), 'outsideDomain');
      assert.equal(judgeEditedContact(facts('jane@contoso.it', { tenantId: CUSTOMER })), 'tenantMatched');
    });
  });

  describe("a stored claim's check, and whether the reviewer must tick it", () => {
    const claim = (email: string, contactCheck?: ContactCheck, partnerEmail = 'alice@partner.example') => ({
      customerDomain: 'contoso.com',
      customerContact: { name: 'Jane', title: 'CIO', email },
      partnerContact: { name: 'Alice', email: partnerEmail },
      contactCheck,
    });
    const rows: [ReturnType<typeof claim>, ContactCheck, boolean][] = [
      [claim('jane@contoso.com', 'tenantMatched'), 'tenantMatched', false],
      [claim('jane@contoso.it', 'tenantMatched'), 'tenantMatched', false],
      [claim('jane@contoso.com', 'customerDomain'), 'customerDomain', false],
      [claim('jane@contoso.it', 'lookupFailed'), 'lookupFailed', true],
      [claim('jane@contoso.it', 'otherTenant'), 'otherTenant', true],
      // Stored before the check: judged by the domains alone.
      [claim('jane@contoso.com'), 'customerDomain', false],
      [claim('jane@contoso.it'), 'notChecked', true],
      [claim('al@partner.example'), 'partnerDomain', true],
      // Whatever was checked, a contact on the partner contact's own domain is flagged.
      [claim('bob@contoso.com', 'tenantMatched', 'carl@contoso.com'), 'partnerDomain', true],
    ];
    for (const [stored, check, flagged] of rows) {
      it(`${stored.customerContact.email} (stored ${stored.contactCheck ?? 'none'}, partner ${stored.partnerContact.email}): ${check}${flagged ? ', flagged' : ''}`, () => {
        assert.equal(contactCheckOf(stored), check);
        assert.equal(contactNeedsReview(stored), flagged);
      });
    }
  });
});
