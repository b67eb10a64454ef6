// A contact written on one line, split into name, job title and e-mail (services/domain/contactLine.ts).
import assert from 'node:assert/strict';
import { contactFieldProblem, parseContactLine, type ContactParts, type ParsedContact } from '../../services/domain/contactLine';

const NINA = { name: 'Nina North', title: 'CIO', email: 'nina@northwind.com' };

describe('a contact on one line', () => {
  const cases: [line: string, expected: ParsedContact, known?: ContactParts][] = [
    ['Nina North, CIO, nina@northwind.com', { ok: true, parts: NINA }],
    ['nina@northwind.com; Nina North; CIO', { ok: true, parts: NINA }],
    ['CIO, Nina North, nina@northwind.com', { ok: true, parts: NINA }],
    ['Nina North\nCIO\nnina@northwind.com', { ok: true, parts: NINA }],
    ['  Nina North ,  CIO ;; nina@northwind.com  ', { ok: true, parts: NINA }],
    ['Nina North <nina@northwind.com>, CIO', { ok: true, parts: NINA }],
    ['"Nina North" <mailto:nina@northwind.com>; CIO', { ok: true, parts: NINA }],
    ['title: CIO, name: Nina North, e-mail: nina@northwind.com', { ok: true, parts: NINA }],
    [
      'Anna Rossi, Responsabile IT, anna.rossi@fabrikam.it',
      { ok: true, parts: { name: 'Anna Rossi', title: 'Responsabile IT', email: 'anna.rossi@fabrikam.it' } },
    ],
    [
      'nome: Anna Rossi; ruolo: Direttrice; email: anna@fabrikam.it',
      { ok: true, parts: { name: 'Anna Rossi', title: 'Direttrice', email: 'anna@fabrikam.it' } },
    ],
    ['Head of Sales, Nina North', { ok: true, parts: { name: 'Nina North', title: 'Head of Sales' } }],
    ['Nina North, Sales', { ok: true, parts: { name: 'Nina North', title: 'Sales' } }, {}],
    // One part at a time, as the questions used to be answered: it fills what is still missing.
    ['Jane Doe', { ok: true, parts: { name: 'Jane Doe' } }, {}],
    ['Sales', { ok: true, parts: { title: 'Sales' } }, { name: 'Jane Doe' }],
    ['Expert', { ok: true, parts: { title: 'Expert' } }, { name: 'Pasta' }],
    ['CIO', { ok: true, parts: { title: 'CIO' } }, {}],
    ['jane@contoso.com', { ok: true, parts: { email: 'jane@contoso.com' } }, { name: 'Jane Doe', title: 'CIO' }],
    // Only the e-mail missing: a lone part is the e-mail asked for (its own rule then says it is not one).
    ['Janet Doe', { ok: true, parts: { email: 'Janet Doe' } }, { name: 'Jane Doe', title: 'CIO' }],
    // Everything known: a lone part without a title word corrects the name.
    ['Janet Doe', { ok: true, parts: { name: 'Janet Doe' } }, { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' }],
    ['name: Nina North, title: CIO, nina@northwind.com, Northwind', { ok: false, problem: 'tooManyParts' }],
    ['mailto:jane@contoso.com', { ok: true, parts: { email: 'jane@contoso.com' } }],
    // What it cannot take.
    ['name: nina@northwind.com', { ok: false, problem: 'nameIsEmail' }],
    ['title: nina@northwind.com, Nina North', { ok: false, problem: 'titleIsEmail' }],
    ['Nina North <nina@northwind.com>, nina.north@northwind.com', { ok: false, problem: 'twoEmails' }],
    ['Nina North, CIO, Northwind, nina@northwind.com', { ok: false, problem: 'tooManyParts' }],
    ['title: CIO, Nina North, Sales', { ok: false, problem: 'tooManyParts' }],
    [' ,; ', { ok: false, problem: 'empty' }],
  ];
  for (const [line, expected, known] of cases) {
    it(`${JSON.stringify(line)}${known ? ` knowing ${JSON.stringify(known)}` : ''}`, () => {
      assert.deepEqual(parseContactLine(line, known), expected);
    });
  }

  it('a contact without a job title (the partner contact): a lone part is the name, then the e-mail', () => {
    assert.deepEqual(parseContactLine('Alice Rossi', {}, { withTitle: false }), { ok: true, parts: { name: 'Alice Rossi' } });
    assert.deepEqual(parseContactLine('alice at partner', { name: 'Alice Rossi' }, { withTitle: false }), { ok: true, parts: { email: 'alice at partner' } });
    assert.deepEqual(parseContactLine('Alice Rossi, Sales', {}, { withTitle: false }), { ok: false, problem: 'tooManyParts' });
  });
});

describe('a name or a job title holding an e-mail address', () => {
  const cases: [part: 'name' | 'title', value: string, expected: ReturnType<typeof contactFieldProblem>][] = [
    ['name', 'Nina North, CIO, nina@northwind.com', 'nameIsEmail'],
    ['name', 'nina@northwind.com', 'nameIsEmail'],
    ['title', 'nina@northwind.com', 'titleIsEmail'],
    ['name', 'Nina North', undefined],
    ['title', 'CIO @ Northwind', undefined],
  ];
  for (const [part, value, expected] of cases) {
    it(`${part} ${JSON.stringify(value)}: ${expected ?? 'fine'}`, () => assert.equal(contactFieldProblem(part, value), expected));
  }
});
