// CSV fields and rows of the claims export: RFC 4180 quoting, the spreadsheet formula guard (OWASP CSV injection),
// text as is (accents, any script, emoji), empty values, arrays; the header and a full row read back by a strict
// RFC 4180 parser.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CSV_BOM, CSV_COLUMNS, csvField, csvHeader, csvRow } from '../../services/csvExport';
import type { Claim } from '../../services/domain/claim';
import { CsvParser, parseCsv } from '../helpers/csv';

describe('CSV export: fields', () => {
  const table: [string, unknown, string][] = [
    ['plain text', 'Contoso claim', 'Contoso claim'],
    ['a comma', 'Acme, Inc.', '"Acme, Inc."'],
    ['double quotes (doubled)', 'say "hi"', '"say ""hi"""'],
    ['only a quote', '"', '""""'],
    ['LF', 'line 1\nline 2', '"line 1\nline 2"'],
    ['CRLF', 'line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['CR', 'line 1\rline 2', '"line 1\rline 2"'],
    ['a leading LF (quoted, not a formula)', '\nx', '"\nx"'],
    ['leading =', '=1+1', "'=1+1"],
    ['leading = with quotes', '=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['leading = with a comma', '=SUM(A1,A2)', `"'=SUM(A1,A2)"`],
    ['leading +', '+39 02 1234', "'+39 02 1234"],
    ['leading -', '-2+3', "'-2+3"],
    ['a negative number as text', '-5', "'-5"],
    ['leading @', '@SUM(A1)', "'@SUM(A1)"],
    ['leading tab', '\tcmd', "'\tcmd"],
    ['leading CR (guarded and quoted)', '\r=cmd', `"'\r=cmd"`],
    ['= not first', 'a=b', 'a=b'],
    ['- not first', 'e-mail', 'e-mail'],
    ['a leading space before =', ' =1', ' =1'],
    ['accents', 'Società Sì Açaí Ünïcödé – ß', 'Società Sì Açaí Ünïcödé – ß'],
    ['other scripts and emoji', '日本語 עברית 😀', '日本語 עברית 😀'],
    ['accents with a comma', 'Perché, però', '"Perché, però"'],
    ['empty string', '', ''],
    ['undefined', undefined, ''],
    ['null', null, ''],
    ['empty array', [], ''],
    ['array', ['Exchange Online', 'Microsoft Teams'], 'Exchange Online; Microsoft Teams'],
    ['array with a comma', ['Acme, Inc.', 'x'], '"Acme, Inc.; x"'],
    ['array with a quote', ['say "hi"'], '"say ""hi"""'],
    ['array starting with a formula', ['=cmd', 'x'], "'=cmd; x"],
    ['array with empty items', ['a', undefined, 'b'], 'a; ; b'],
    ['integer', 42, '42'],
    ['negative number (a number, not text)', -5, '-5'],
    ['decimal', 3.5, '3.5'],
    ['zero', 0, '0'],
    ['Date', new Date('2026-01-02T03:04:05Z'), '2026-01-02T03:04:05.000Z'],
    ['ISO date text', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z'],
    ['boolean', true, 'true'],
  ];
  for (const [what, value, expected] of table) {
    it(`${what}: ${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(csvField(value), expected);
    });
  }

  it('every field reads back as its text (with the apostrophe when it starts a formula), whatever it contains', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', "'"), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (fields) => {
        const line = fields.map(csvField).join(',') + '\r\n';
        const [record, ...rest] = parseCsv(line);
        assert.equal(rest.length, 0);
        assert.deepEqual(
          record,
          fields.map((f) => (/^[=+\-@\t\r]/.test(f) ? `'${f}` : f)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('the parser takes the text split anywhere', () => {
    const line = ['a,b', 'x""y', '=q', 'l1\r\nl2'].map(csvField).join(',') + '\r\n' + 'z\r\n';
    for (let i = 0; i <= line.length; i++) {
      const parser = new CsvParser();
      const records = [...parser.push(line.slice(0, i)), ...parser.push(line.slice(i))];
      parser.end();
      assert.deepEqual(records, [['a,b', 'x""y', "'=q", 'l1\r\nl2'], ['z']], `split at ${i}`);
    }
  });
});

describe('CSV export: header and rows', () => {
  const claim: Claim = {
    id: 'CPOR-UNIT0001',
    type: 'claim',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    name: '=HYPERLINK("http://evil"), "x"\nsecond line',
    status: 'PartnerActionRequired',
    program: 'OSU Business Applications',
    solutionArea: 'businessApplications',
    activity: 'usage',
    partnerId: '1234567',
    customerDomain: 'società.example',
    customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
    product: 'Dynamics 365 Sales',
    subscriptionId: '0f0e0d0c-0b0a-4909-8807-060504030201',
    customerContact: { name: 'Zoë Çelik', title: 'CIO', email: 'zoe@societa.example' },
    technicalContact: { name: 'Tech Person', email: 'tech@societa.example' },
    partnerContact: { name: '@Paolo', email: 'paolo@partner.example' },
    poe: { fileId: 'f-1', fileName: 'sow, final.pdf', contentType: 'application/pdf', size: 10, uploadedAt: '2026-11-20T10:00:00Z', uploadedBy: '29:alice' },
    competing: true,
    slotOutcomes: { 'usage|subscription:0f0e0d0c-0b0a-4909-8807-060504030201': { result: 'held', at: '2026-11-21T09:30:00.000Z' } },
    createdBy: { id: '29:alice', name: 'Alice Rossi' },
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    version: 4,
    history: [
      { at: '2026-11-20T10:00:00.000Z', by: { id: '29:alice', name: 'Alice Rossi' }, action: 'created', to: 'Draft' },
      { at: '2026-11-20T10:00:00.000Z', by: { id: '29:alice', name: 'Alice Rossi' }, action: 'submit', from: 'Draft', to: 'Submitted' },
      { at: '2026-11-21T09:00:00.000Z', by: { id: '29:rita', name: 'Rita' }, action: 'startReview', from: 'Submitted', to: 'UnderReview' },
      {
        at: '2026-11-21T10:00:00.000Z',
        by: { id: '29:rita', name: 'Rita' },
        action: 'requestInfo',
        from: 'UnderReview',
        to: 'PartnerActionRequired',
        reason: 'Missing Products',
        comment: 'which?',
      },
    ],
    reviewer: { id: '29:rita', name: 'Rita Reviewer' },
    partnerActionDeadline: '2026-11-28T10:00:00.000Z',
    comments: '-internal\tnote',
    notices: [],
    reviewCards: [],
  };

  it('the header starts with the BOM, names every column once and ends with CRLF', () => {
    const header = csvHeader();
    assert.ok(header.startsWith(CSV_BOM));
    assert.ok(header.endsWith('\r\n'));
    const [names] = parseCsv(header.slice(1));
    assert.equal(names.length, 31);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(
      names,
      CSV_COLUMNS.map((c) => c.header),
    );
  });

  it('a row holds every field of the claim, escaped, and reads back', () => {
    const [row, ...rest] = parseCsv(csvRow(claim));
    assert.equal(rest.length, 0);
    const byHeader = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c.header, row[i]]));
    assert.deepEqual(byHeader, {
      'Claim ID': 'CPOR-UNIT0001',
      Name: `'=HYPERLINK("http://evil"), "x"\nsecond line`,
      Status: 'PartnerActionRequired',
      Program: 'OSU Business Applications',
      'Solution area': 'businessApplications',
      Activity: 'usage',
      'Partner ID': '1234567',
      'Customer domain': 'società.example',
      'Customer tenant ID': '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
      Workloads: '',
      Product: 'Dynamics 365 Sales',
      'Subscription ID': '0f0e0d0c-0b0a-4909-8807-060504030201',
      'Customer contact name': 'Zoë Çelik',
      'Customer contact title': 'CIO',
      'Customer contact e-mail': 'zoe@societa.example',
      'Technical contact name': 'Tech Person',
      'Technical contact e-mail': 'tech@societa.example',
      'Partner contact name': "'@Paolo",
      'Partner contact e-mail': 'paolo@partner.example',
      'PoE file name': 'sow, final.pdf',
      Competing: 'yes',
      'Workload results': 'Dynamics 365 Sales (0f0e0d0c-0b0a-4909-8807-060504030201): held',
      'Created at': '2026-11-20T10:00:00.000Z',
      'Created by': 'Alice Rossi',
      'Updated at': '2026-11-21T10:00:00.000Z',
      'Opt-out deadline': '',
      'Partner action deadline': '2026-11-28T10:00:00.000Z',
      Reviewer: 'Rita Reviewer',
      Comments: "'-internal\tnote",
      'Last reason': 'Missing Products',
      'History count': '4',
    });
  });

  it('every proof of execution is named, oldest first (a new one is added beside the earlier ones)', () => {
    const earlier = { ...claim.poe!, fileId: 'f-0', fileName: 'sow-draft.pdf' };
    const [row] = parseCsv(csvRow({ ...claim, earlierProofs: [earlier] }));
    assert.equal(row[CSV_COLUMNS.findIndex((c) => c.header === 'PoE file name')], 'sow-draft.pdf; sow, final.pdf');
  });

  it('a claim without the optional fields has empty cells, not "undefined"', () => {
    const bare = {
      ...claim,
      workloads: ['Exchange Online', 'Intune'],
      product: undefined,
      subscriptionId: undefined,
      technicalContact: undefined,
      poe: undefined,
      reviewer: undefined,
      comments: undefined,
      partnerActionDeadline: undefined,
      competing: false,
      history: [claim.history[0]],
    };
    const line = csvRow(bare);
    assert.doesNotMatch(line, /undefined|null/);
    const [row] = parseCsv(line);
    const byHeader = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c.header, row[i]]));
    assert.equal(byHeader.Workloads, 'Exchange Online; Intune');
    assert.equal(byHeader.Competing, 'no');
    assert.equal(byHeader['Last reason'], '');
    assert.equal(byHeader['History count'], '1');
    for (const h of ['Product', 'Subscription ID', 'Technical contact name', 'PoE file name', 'Reviewer', 'Comments']) assert.equal(byHeader[h], '', h);
  });
});
