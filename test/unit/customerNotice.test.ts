// The customer notice of an approved claim: recipients, language, content in both languages, the deadline in the
// customer's time zone, and escaping of everything the partner typed.
import assert from 'node:assert/strict';
import { composeCustomerNotice, formatDeadline, noticeRecipients, type CustomerNoticeOptions } from '../../services/customerNotice';
import { escapeHtml } from '../../services/html';
import { allLanguages, languageOfDomain as noticeLanguageFor } from '../../services/strings';
import type { Claim } from '../../services/domain/claim';
import { DEFAULT_POLICY, optOutDeadline } from '../../services/domain/rules';

const { customerNotice: en } = allLanguages.en;
const { customerNotice: itStrings } = allLanguages.it;

const TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';
const SUBSCRIPTION = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
// Tuesday 1 December 2026, 13:05 UTC = 14:05 in Rome (CET, +1) = 08:05 in New York (EST, -5).
const DEADLINE = new Date('2026-12-01T13:05:00Z');
const OPT_OUT = 'https://cpor.example/optout/abc.1796130300.mac?x=1&y=2';

function m365Claim(overrides: Partial<Claim> = {}): Claim {
  return {
    id: 'CPOR-000123',
    type: 'claim',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    solutionArea: 'microsoft365',
    activity: 'usage',
    program: 'OSU Microsoft 365',
    partnerId: '1234567',
    customerDomain: 'fabrikam.com',
    customerTenantId: TENANT,
    workloads: ['Exchange Online', 'Microsoft Teams'],
    customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@fabrikam.com' },
    partnerContact: { name: 'Marco Bianchi', email: 'marco@partner.example' },
    name: 'fabrikam.com – Exchange Online, Microsoft Teams',
    status: 'Approved',
    competing: false,
    createdBy: { id: '29:marco', name: 'Marco Bianchi' },
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-24T13:05:00Z',
    version: 3,
    history: [],
    optOutDeadline: DEADLINE.toISOString(),
    notices: [],
    reviewCards: [],
    ...overrides,
  };
}

function dynamicsClaim(overrides: Partial<Claim> = {}): Claim {
  return m365Claim({
    solutionArea: 'businessApplications',
    activity: 'usage',
    program: 'OSU Business Applications',
    workloads: undefined,
    product: 'Dynamics 365 Sales',
    subscriptionId: SUBSCRIPTION,
    technicalContact: { name: 'Tom Tech', email: 'tom@fabrikam.com' },
    ...overrides,
  });
}

const opts = (more: Partial<CustomerNoticeOptions> = {}): CustomerNoticeOptions => ({
  optOutUrl: OPT_OUT,
  deadline: DEADLINE,
  timeZone: 'Europe/Rome',
  ...more,
});

/** The HTML's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<\/?(strong|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('customer notice', () => {
  describe('recipients', () => {
    it('is the customer contact for Microsoft 365', () => {
      assert.deepEqual(composeCustomerNotice(m365Claim(), opts()).to, ['jane@fabrikam.com']);
    });

    it('adds the technical contact for Dynamics 365', () => {
      assert.deepEqual(composeCustomerNotice(dynamicsClaim(), opts()).to, ['jane@fabrikam.com', 'tom@fabrikam.com']);
    });

    it('de-duplicates ignoring case and surrounding spaces, keeping the first spelling', () => {
      const claim = dynamicsClaim({
        customerContact: { name: 'Jane', email: 'Jane@Fabrikam.com' },
        technicalContact: { name: 'Jane again', email: ' jane@fabrikam.COM ' },
      });
      assert.deepEqual(noticeRecipients(claim), ['Jane@Fabrikam.com']);
      assert.deepEqual(composeCustomerNotice(claim, opts()).to, ['Jane@Fabrikam.com']);
    });

    it('refuses a claim without a customer e-mail', () => {
      assert.throws(() => composeCustomerNotice(m365Claim({ customerContact: { name: 'Jane', email: ' ' } }), opts()), /no customer contact e-mail/);
    });
  });

  describe('language', () => {
    it('is Italian for a .it customer domain (any case, trailing dot), English otherwise', () => {
      assert.equal(noticeLanguageFor('fabrikam.it'), 'it');
      assert.equal(noticeLanguageFor('Shop.Fabrikam.IT.'), 'it');
      assert.equal(noticeLanguageFor('fabrikam.com'), 'en');
      assert.equal(noticeLanguageFor('fabrikam.italy.com'), 'en');
      assert.equal(noticeLanguageFor('fabrikamit'), 'en');
      assert.equal(composeCustomerNotice(m365Claim({ customerDomain: 'fabrikam.it' }), opts()).language, 'it');
      assert.equal(composeCustomerNotice(m365Claim(), opts()).language, 'en');
    });

    it('follows opts.language when given', () => {
      assert.equal(composeCustomerNotice(m365Claim({ customerDomain: 'fabrikam.it' }), opts({ language: 'en' })).language, 'en');
      assert.equal(composeCustomerNotice(m365Claim(), opts({ language: 'it' })).language, 'it');
    });

    it('the Italian strings have exactly the English keys', () => {
      const shape = (v: unknown): unknown =>
        typeof v === 'function'
          ? `function/${v.length}`
          : Array.isArray(v)
            ? v.map(shape)
            : v !== null && typeof v === 'object'
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
              : typeof v;
      assert.deepEqual(shape(itStrings), shape(en));
      assert.notEqual(itStrings.footer, en.footer);
    });
  });

  describe('deadline', () => {
    it('is the date and 24-hour time in the given zone, with the zone name, in the notice language', () => {
      assert.equal(formatDeadline(DEADLINE, 'Europe/Rome', 'en'), 'Tuesday 1 December 2026, 14:05 (Europe/Rome)');
      assert.equal(formatDeadline(DEADLINE, 'America/New_York', 'en'), 'Tuesday 1 December 2026, 08:05 (America/New_York)');
      assert.equal(formatDeadline(DEADLINE, 'Europe/Rome', 'it'), 'martedì 1 dicembre 2026, 14:05 (Europe/Rome)');
      // Near midnight the date differs between zones too.
      const late = new Date('2026-12-01T23:30:00Z');
      assert.equal(formatDeadline(late, 'Europe/Rome', 'it'), 'mercoledì 2 dicembre 2026, 00:30 (Europe/Rome)');
      assert.equal(formatDeadline(late, 'America/Los_Angeles', 'en'), 'Tuesday 1 December 2026, 15:30 (America/Los_Angeles)');
    });

    it('a deadline at the end of a local day is stated as that date, not as a clock time', () => {
      // 23:59:59.999 in Rome on Wednesday 2 December is 22:59:59.999 UTC, and still Wednesday in New York.
      const endOfDay = new Date('2026-12-02T22:59:59.999Z');
      assert.equal(formatDeadline(endOfDay, 'Europe/Rome', 'en'), 'Wednesday 2 December 2026 (until the end of the day, Europe/Rome time)');
      assert.equal(formatDeadline(endOfDay, 'Europe/Rome', 'it'), 'mercoledì 2 dicembre 2026 (fino alla fine della giornata, ora di Europe/Rome)');
      assert.equal(formatDeadline(endOfDay, 'America/New_York', 'en'), 'Wednesday 2 December 2026, 17:59 (America/New_York)');
    });

    it("an approval's window (5 business days, Rome) reaches the customer as the date of its last day", () => {
      const policy = { ...DEFAULT_POLICY, optOutBusinessDays: 5, calendar: { timeZone: 'Europe/Rome', country: 'IT' } };
      // Approved on Wednesday 25 November 2026 at 11:00 in Rome: the fifth business day is Wednesday 2 December.
      const approvedAt = new Date('2026-11-25T10:00:00Z');
      const notice = composeCustomerNotice(m365Claim(), opts({ timeZone: 'Europe/Rome', deadline: optOutDeadline(approvedAt, policy) }));
      for (const part of [notice.text, visibleText(notice.html)]) {
        assert.ok(part.includes('opt out by Wednesday 2 December 2026 (until the end of the day, Europe/Rome time)'), part);
        assert.ok(!/\b(11:00|23:59|5 business days)\b/.test(part), 'no clock time and no count of days');
      }
    });

    it('names the zone canonically and refuses an unknown zone or an invalid date', () => {
      assert.match(formatDeadline(DEADLINE, 'europe/rome', 'en'), /\(Europe\/Rome\)$/);
      assert.throws(() => formatDeadline(DEADLINE, 'Mars/Olympus', 'en'), /unknown time zone 'Mars\/Olympus'/);
      assert.throws(() => formatDeadline(new Date('nope'), 'UTC', 'en'), RangeError);
      assert.throws(() => composeCustomerNotice(m365Claim(), opts({ timeZone: 'Nowhere/Else' })), RangeError);
    });

    it('appears in the notice in the given zone: Rome and New York show different hours', () => {
      const rome = composeCustomerNotice(m365Claim(), opts({ timeZone: 'Europe/Rome' }));
      const newYork = composeCustomerNotice(m365Claim(), opts({ timeZone: 'America/New_York' }));
      for (const part of [rome.text, visibleText(rome.html)]) {
        assert.ok(part.includes('Tuesday 1 December 2026, 14:05 (Europe/Rome)'), part);
        assert.ok(!part.includes('08:05'));
      }
      for (const part of [newYork.text, visibleText(newYork.html)]) {
        assert.ok(part.includes('Tuesday 1 December 2026, 08:05 (America/New_York)'), part);
        assert.ok(!part.includes('14:05'));
      }
    });
  });

  describe('content in English (Microsoft 365)', () => {
    const notice = composeCustomerNotice(m365Claim(), opts({ timeZone: 'Europe/Rome' }));
    const parts = { text: notice.text, html: visibleText(notice.html) };

    it('has an English subject naming the customer domain', () => {
      assert.equal(notice.subject, 'Microsoft partner association request for fabrikam.com');
    });

    for (const [name, body] of Object.entries(parts)) {
      it(`${name}: says which partner, which tenant, which workloads and program, the claim id`, () => {
        for (const expected of [
          'Dear Jane Doe,',
          'Marco Bianchi',
          'marco@partner.example',
          'Partner ID 1234567',
          TENANT,
          'fabrikam.com',
          'Exchange Online, Microsoft Teams',
          'OSU Microsoft 365',
          'CPOR-000123',
        ]) {
          assert.ok(body.includes(expected), `missing "${expected}" in ${name}:\n${body}`);
        }
      });

      it(`${name}: says what accepting gives the partner: usage and sold seats data of those workloads`, () => {
        assert.ok(
          body.includes(
            "Accepting this association gives the partner access to some of your organisation's data: the usage and sold " +
              'seats data of the workloads Exchange Online, Microsoft Teams in your tenant.',
          ),
          body,
        );
      });

      it(`${name}: gives the opt-out link and deadline, and says doing nothing makes it official after the deadline`, () => {
        assert.ok(body.includes(OPT_OUT), body);
        assert.ok(body.includes('opt out by Tuesday 1 December 2026, 14:05 (Europe/Rome)'), body);
        assert.ok(
          body.includes(
            `Nothing, if you agree: unless you opt out, the association between this partner and your tenant ${TENANT} ` +
              'for the items above becomes official after Tuesday 1 December 2026, 14:05 (Europe/Rome).',
          ),
          body,
        );
      });
    }

    it('the HTML links to the opt-out URL (attribute-escaped), and loads nothing external', () => {
      const escapedUrl = OPT_OUT.replace(/&/g, '&amp;');
      assert.ok(notice.html.includes(`href="${escapedUrl}"`));
      assert.equal((notice.html.match(/href="/g) ?? []).length, 2, 'the button and the URL in full');
      assert.doesNotMatch(notice.html, /<(img|link|script|iframe|object|embed|style)\b/i);
      assert.doesNotMatch(notice.html, /\bsrc=|url\(/i);
      assert.match(notice.html, /^<!DOCTYPE html>\n<html lang="en-GB">/);
      assert.match(notice.html, /<meta charset="utf-8">/);
    });

    it('the text part has no markup and one line per detail', () => {
      assert.doesNotMatch(notice.text, /<\/?[a-z][a-z0-9]*[\s/>]|&[a-z]+;|&#/i);
      assert.ok(notice.text.includes('\n- Workloads: Exchange Online, Microsoft Teams\n'));
      assert.ok(notice.text.includes('\n- Partner contact: Marco Bianchi <marco@partner.example>\n'));
      assert.ok(notice.text.includes(`\n${OPT_OUT}\n`), 'the link on a line of its own');
    });
  });

  describe('content in Italian (Business Applications, Dynamics 365)', () => {
    const notice = composeCustomerNotice(dynamicsClaim({ customerDomain: 'fabrikam.it' }), opts({ timeZone: 'Europe/Rome' }));

    it('is Italian, addressed to both contacts', () => {
      assert.equal(notice.language, 'it');
      assert.equal(notice.subject, 'Richiesta di associazione di un partner Microsoft per fabrikam.it');
      assert.deepEqual(notice.to, ['jane@fabrikam.com', 'tom@fabrikam.com']);
      assert.match(notice.html, /<html lang="it-IT">/);
    });

    for (const name of ['text', 'html'] as const) {
      it(`${name}: product, subscription, tenant, program, data access, deadline, link, silence`, () => {
        const body = name === 'text' ? notice.text : visibleText(notice.html);
        for (const expected of [
          'Gentile Jane Doe,',
          'Partner ID 1234567',
          'Dynamics 365 Sales',
          SUBSCRIPTION,
          TENANT,
          'fabrikam.it',
          'OSU Business Applications',
          'CPOR-000123',
          OPT_OUT,
          'Accettando questa associazione, il partner ottiene accesso ad alcuni dati della vostra organizzazione: i dati ' +
            `di utilizzo e delle licenze vendute della vostra sottoscrizione Dynamics 365 Sales ${SUBSCRIPTION}.`,
          'opponetevi entro martedì 1 dicembre 2026, 14:05 (Europe/Rome)',
          `diventa ufficiale dopo martedì 1 dicembre 2026, 14:05 (Europe/Rome).`,
        ]) {
          assert.ok(body.includes(expected), `missing "${expected}" in ${name}:\n${body}`);
        }
        assert.ok(!body.includes('Workloads') && !body.includes('Carichi di lavoro'), 'no workloads for a subscription');
      });
    }
  });

  describe('escaping', () => {
    const evil = dynamicsClaim({
      partnerContact: { name: '<script>alert("x")</script> & Co', email: 'marco@partner.example' },
      customerContact: { name: "Jane <b>O'Hara</b>", email: 'jane@fabrikam.com' },
      product: 'Dynamics 365 Sales <img src=x onerror=alert(1)>',
      program: 'OSU "Business" Applications',
      partnerId: '1234567<i>',
      comments: '<iframe src="https://evil.example"></iframe>',
      id: 'CPOR-<u>1</u>',
    });
    const notice = composeCustomerNotice(evil, opts());

    it('escapes every claim value in the HTML: no markup gets through', () => {
      assert.doesNotMatch(notice.html, /<script|<img|<iframe|<b>|<i>|<u>|onerror=alert\(1\)>/i);
      for (const escaped of [
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co',
        'Jane &lt;b&gt;O&#39;Hara&lt;/b&gt;',
        'Dynamics 365 Sales &lt;img src=x onerror=alert(1)&gt;',
        'OSU &quot;Business&quot; Applications',
        '1234567&lt;i&gt;',
        'CPOR-&lt;u&gt;1&lt;/u&gt;',
      ]) {
        assert.ok(notice.html.includes(escaped), `missing ${escaped}`);
      }
      // The reader sees exactly what the partner typed.
      const seen = visibleText(notice.html);
      assert.ok(seen.includes('<script>alert("x")</script> & Co'));
      assert.ok(seen.includes("Dear Jane <b>O'Hara</b>,"));
    });

    it('the text part keeps the values as typed (plain text, nothing to escape)', () => {
      assert.ok(notice.text.includes('<script>alert("x")</script> & Co'));
      assert.ok(notice.text.includes("Dear Jane <b>O'Hara</b>,"));
    });

    it("the only tags in the HTML are the template's own", () => {
      const tags = new Set([...notice.html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1].toLowerCase()));
      assert.deepEqual([...tags].sort(), ['a', 'body', 'div', 'h2', 'head', 'html', 'meta', 'p', 'strong', 'table', 'td', 'th', 'title', 'tr'].sort());
    });

    it('a value cannot start a line of its own or reorder text (controls, line breaks, bidi overrides)', () => {
      const n = composeCustomerNotice(
        m365Claim({ partnerContact: { name: 'Marco\r\n\r\nOpt out here: https://evil.example\u202e', email: 'm@p.example' } }),
        opts(),
      );
      assert.ok(n.text.includes('Marco Opt out here: https://evil.example (m@p.example)'));
      assert.doesNotMatch(n.text, /\r|\u202e/);
      assert.ok(!n.text.split('\n').some((line) => line.startsWith('Opt out here')));
    });

    it('escapeHtml covers the five HTML special characters', () => {
      assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    });

    it('refuses an opt-out link that is not http(s)', () => {
      assert.throws(() => composeCustomerNotice(m365Claim(), opts({ optOutUrl: 'javascript:alert(1)' })), /http\(s\)/);
      assert.throws(() => composeCustomerNotice(m365Claim(), opts({ optOutUrl: '/optout/abc' })), /absolute URL/);
    });
  });

  it('is pure: the same claim and options give the same notice', () => {
    assert.deepEqual(composeCustomerNotice(dynamicsClaim(), opts()), composeCustomerNotice(dynamicsClaim(), opts()));
  });
});
