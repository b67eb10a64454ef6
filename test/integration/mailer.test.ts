// The two mailers: the local .eml outbox (files read back with a small MIME parser written here, independent of the
// writer) and Graph (the real gateway against the local fake Graph over HTTPS).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { composeCustomerNotice } from '../../services/customerNotice';
import type { Claim } from '../../services/domain/claim';
import { createGraphGateway } from '../../services/graph';
import { createLogger } from '../../services/logger';
import { FakeClock } from '../../services/clock';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import { buildEml, EmlOutboxMailer, GraphMailer, type MailerLog, type OutgoingMail } from '../../services/mailer';
import { startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';

// ------------------------------------------------------------------------------------------------- a MIME reader

interface ParsedPart {
  headers: Map<string, string>;
  body: string;
}
interface ParsedEml extends ParsedPart {
  raw: string;
  boundary: string;
  preamble: string;
  parts: ParsedPart[];
}

/** RFC 2047 encoded words (B and Q, UTF-8), with the whitespace between adjacent encoded words dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, data: string) => {
      assert.equal(charset.toUpperCase(), 'UTF-8');
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    });
}

function decodeQuotedPrintable(body: string): string {
  for (const line of body.split('\r\n')) {
    assert.ok(line.length <= 76, `quoted-printable line longer than 76: ${line}`);
    assert.doesNotMatch(line, /[ \t]$/, 'no trailing whitespace in quoted-printable');
    assert.doesNotMatch(line, /[^\x20-\x7e\t]/, 'quoted-printable is 7-bit');
    assert.doesNotMatch(line.replace(/=([0-9A-F]{2})/g, ''), /=(?!$)/, `bare "=" in ${line}`);
  }
  const unwrapped = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    if (unwrapped[i] === '=') {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(unwrapped.charCodeAt(i));
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Unfolding: a CRLF followed by whitespace is removed (RFC 5322 §2.2.3).
  for (const line of block.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    assert.ok(m, `not a header line: ${JSON.stringify(line)}`);
    const name = m[1].toLowerCase();
    assert.ok(!headers.has(name), `duplicate header ${name}`);
    headers.set(name, m[2]);
  }
  return headers;
}

function splitHead(text: string): [string, string] {
  const at = text.indexOf('\r\n\r\n');
  assert.ok(at > 0, 'a blank line ends the headers');
  return [text.slice(0, at), text.slice(at + 4)];
}

function parseEml(buffer: Buffer): ParsedEml {
  const raw = buffer.toString('latin1');
  // eslint-disable-next-line no-control-regex -- 7-bit ASCII is \x00 to \x7f
  assert.doesNotMatch(raw, /[^\x00-\x7f]/, 'the message is 7-bit ASCII');
  assert.doesNotMatch(raw, /\r(?!\n)|(?<!\r)\n/, 'every line ends with CRLF');
  for (const line of raw.split('\r\n')) assert.ok(line.length <= 78, `line longer than 78: ${line}`);
  const [head, body] = splitHead(raw);
  const headers = parseHeaders(head);
  const type = /^multipart\/alternative;\s*boundary="([^"]+)"$/.exec(headers.get('content-type') ?? '');
  assert.ok(type, `content-type: ${headers.get('content-type')}`);
  const boundary = type[1];
  assert.ok(body.endsWith(`\r\n--${boundary}--\r\n`), 'closing delimiter');
  // The CRLF before a delimiter belongs to it (RFC 2046 §5.1.1): a body without a preamble starts with the first one.
  const [preamble, ...sections] = `\r\n${body}`.slice(0, -`\r\n--${boundary}--\r\n`.length).split(`\r\n--${boundary}\r\n`);
  const parts = sections.map((section) => {
    const [partHead, encoded] = splitHead(section);
    const partHeaders = parseHeaders(partHead);
    assert.equal(partHeaders.get('content-transfer-encoding'), 'quoted-printable');
    return { headers: partHeaders, body: decodeQuotedPrintable(encoded) };
  });
  return { raw, headers, body, boundary, preamble, parts };
}

const crlf = (s: string) => s.replace(/\r\n|\r|\n/g, '\r\n');

/** Quoted-printable as the mailer's MailComposer writes it (nodemailer's encoder, lines of at most 76). */
const quotedPrintable = (text: string) => qpWrap(qpEncode(Buffer.from(crlf(text), 'utf8')), 76);

// ------------------------------------------------------------------------------------------------- fixtures

const DEADLINE = new Date('2026-12-01T13:05:00Z');
const OPT_OUT = 'https://cpor.example/optout/abc.1796130300.mac';

function claim(overrides: Partial<Claim> = {}): Claim {
  return {
    id: 'CPOR-000777',
    type: 'claim',
    partnerTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    solutionArea: 'businessApplications',
    activity: 'usage',
    program: 'OSU Business Applications',
    partnerId: '7654321',
    customerDomain: 'fabrikam.it',
    customerTenantId: '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b',
    product: 'Dynamics 365 Sales',
    subscriptionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    customerContact: { name: 'Giulia Rossi', email: 'giulia@fabrikam.it' },
    technicalContact: { name: 'Niccolò Bianchi', email: 'niccolo@fabrikam.it' },
    partnerContact: { name: 'Marco <b>Verdi</b>', email: 'marco@partner.example' },
    name: 'fabrikam.it – Dynamics 365 Sales',
    status: 'Approved',
    competing: false,
    createdBy: { id: '29:marco', name: 'Marco Verdi' },
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-24T13:05:00Z',
    version: 3,
    history: [],
    notices: [],
    reviewCards: [],
    ...overrides,
  };
}

const italianNotice = () => composeCustomerNotice(claim(), { optOutUrl: OPT_OUT, deadline: DEADLINE, timeZone: 'Europe/Rome' });

describe('mailers (integration)', () => {
  describe('EmlOutboxMailer: .eml files in a local folder', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-outbox-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('writes an Italian notice as one MIME file that parses back to the same message', async () => {
      const notice = italianNotice();
      assert.equal(notice.language, 'it');
      // A subject with accents, an emoji (4 UTF-8 bytes) and enough length to need several encoded words.
      const subject = `${notice.subject} – scadenza martedì 1° dicembre, perché è così 🙂 (Niccolò, Università)`;
      const logged: { obj: object; msg?: string }[] = [];
      const log: MailerLog = { info: (obj, msg) => logged.push({ obj, msg }) };
      const dir = path.join(root, 'not', 'yet', 'there');
      // A Sunday in December: the date the mailer is given, not the machine's.
      const clock = new FakeClock(new Date('2026-12-06T12:00:00.123Z'));

      const result = await new EmlOutboxMailer(dir, log, clock).send({ to: notice.to, subject, text: notice.text, html: notice.html });

      assert.match(result.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(path.dirname(result.where), dir);
      assert.ok(path.isAbsolute(result.where));
      const name = path.basename(result.where);
      const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-(.+)\.eml$/.exec(name);
      assert.ok(stamp, name);
      assert.equal(stamp[8], result.id);
      const written = Date.parse(`${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}.${stamp[7]}Z`);
      assert.equal(written, clock.now().getTime(), 'the file name is the time of writing');
      assert.deepEqual(fs.readdirSync(dir), [name], 'one file, no temporary file left');
      assert.deepEqual(logged, [
        { obj: { mail: { id: result.id, file: result.where, recipients: notice.to.length } }, msg: 'e-mail written to the local outbox' },
      ]);

      const eml = parseEml(fs.readFileSync(result.where));
      assert.equal(eml.headers.get('from'), 'CPOR Assistant <cpor-notices@localhost>');
      assert.equal(eml.headers.get('to'), 'giulia@fabrikam.it, niccolo@fabrikam.it');
      assert.match(eml.headers.get('subject') ?? '', /^=\?UTF-8\?B\?/, 'non-ASCII subject is RFC 2047 encoded');
      assert.equal(decodeWords(eml.headers.get('subject') ?? ''), subject);
      for (const word of (eml.headers.get('subject') ?? '').split(/\s+/)) assert.ok(word.length <= 75, `encoded word too long: ${word}`);
      const date = eml.headers.get('date') ?? '';
      assert.match(date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      assert.equal(date, 'Sun, 06 Dec 2026 12:00:00 +0000');
      assert.equal(eml.headers.get('message-id'), `<${result.id}@localhost>`);
      assert.equal(eml.headers.get('mime-version'), '1.0');

      assert.equal(eml.parts.length, 2);
      const [plain, html] = eml.parts;
      assert.equal(plain.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(plain.body, crlf(notice.text));
      assert.equal(html.body, crlf(notice.html));
      assert.ok(plain.body.includes('martedì 1 dicembre 2026, 14:05 (Europe/Rome)'), 'accented text decodes');
      assert.ok(html.body.includes('Marco &lt;b&gt;Verdi&lt;/b&gt;'), 'the escaped HTML travels unchanged');
      assert.ok(!plain.body.includes(eml.boundary) && !html.body.includes(eml.boundary));
    });

    it('keeps an ASCII subject as is, honours a given From, and encodes a non-ASCII display name', async () => {
      const mailer = new EmlOutboxMailer(root);
      const a = await mailer.send({ from: 'Notices <notices@cpor.example>', to: ['a@fabrikam.com'], subject: 'Plain subject', text: 'hi', html: '<p>hi</p>' });
      const b = await mailer.send({ from: 'Servizio Clienti Università <servizio@cpor.example>', to: ['b@fabrikam.com'], subject: 'x', text: '', html: '' });
      const c = await mailer.send({ from: 'Rossi, Giulia <giulia@cpor.example>', to: ['c@fabrikam.com'], subject: 'x', text: '', html: '' });

      const ea = parseEml(fs.readFileSync(a.where));
      assert.equal(ea.headers.get('subject'), 'Plain subject');
      assert.equal(ea.headers.get('from'), 'Notices <notices@cpor.example>');
      assert.equal(ea.headers.get('message-id'), `<${a.id}@cpor.example>`);
      const eb = parseEml(fs.readFileSync(b.where));
      assert.match(eb.headers.get('from') ?? '', /^=\?UTF-8\?B\?.*\?= <servizio@cpor\.example>$/);
      assert.equal(decodeWords(eb.headers.get('from') ?? ''), 'Servizio Clienti Università <servizio@cpor.example>');
      assert.deepEqual(
        eb.parts.map((p) => p.body),
        ['', ''],
      );
      assert.equal(parseEml(fs.readFileSync(c.where)).headers.get('from'), '"Rossi, Giulia" <giulia@cpor.example>');

      const names = fs.readdirSync(root);
      assert.equal(names.length, 3);
      assert.deepEqual([...names].sort(), [a, b, c].map((r) => path.basename(r.where)).sort());
      assert.notEqual(a.id, b.id);
    });

    it('folds a long ASCII subject and a long recipient list, unfolding to the originals', async () => {
      const subject = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
      const to = Array.from({ length: 12 }, (_, i) => `recipient.number.${i}@fabrikam.example`);
      const r = await new EmlOutboxMailer(root).send({ to, subject, text: 'x', html: 'x' });
      const eml = parseEml(fs.readFileSync(r.where));
      assert.equal(eml.headers.get('subject'), subject);
      assert.deepEqual(eml.headers.get('to')?.split(', '), to);
    });

    it('a line break in the subject cannot add a header; a recipient with one is refused', async () => {
      const mailer = new EmlOutboxMailer(root);
      const r = await mailer.send({ to: ['a@fabrikam.com'], subject: 'Hello\r\nBcc: victim@evil.example', text: 't', html: 'h' });
      const eml = parseEml(fs.readFileSync(r.where));
      assert.equal(eml.headers.has('bcc'), false);
      assert.equal(eml.headers.get('subject'), 'Hello Bcc: victim@evil.example');
      await assert.rejects(mailer.send({ to: ['a@fabrikam.com\r\nBcc: victim@evil.example'], subject: 's', text: 't', html: 'h' }), /not an e-mail address/);
      await assert.rejects(mailer.send({ to: ['a@fabrikam.com, b@evil.example'], subject: 's', text: 't', html: 'h' }), /not an e-mail address/);
      await assert.rejects(mailer.send({ to: [], subject: 's', text: 't', html: 'h' }), /at least one recipient/);
      assert.equal(fs.readdirSync(root).length, 1, 'nothing written for a refused message');
    });

    it('accepts the app logger (pino) as its log', async () => {
      const r = await new EmlOutboxMailer(root, createLogger('silent')).send({ to: ['a@fabrikam.com'], subject: 's', text: 't', html: 'h' });
      assert.ok(fs.existsSync(r.where));
    });

    it('quoted-printable round-trips any text (line breaks become CRLF)', async () => {
      const mail = (text: string): OutgoingMail => ({ to: ['a@fabrikam.com'], subject: 's', text, html: text });
      await fc.assert(
        fc.asyncProperty(
          fc.string({
            unit: fc.oneof(fc.constantFrom(' ', '\t', '=', '\r', '\n', '\r\n', '.', 'From ', 'è', '🙂', '-'), fc.string({ unit: 'binary', maxLength: 3 })),
            maxLength: 300,
          }),
          async (text) => {
            assert.equal(decodeQuotedPrintable(quotedPrintable(text)), crlf(text));
            const eml = parseEml(await buildEml(mail(text), { id: 'x', date: new Date(0) }));
            assert.deepEqual(
              eml.parts.map((p) => p.body),
              [crlf(text), crlf(text)],
            );
          },
        ),
        { numRuns: 300 },
      );
      assert.equal(quotedPrintable('a = b \nc\t'), 'a =3D b=20\r\nc=09');
      assert.equal(quotedPrintable('x'.repeat(80)), `${'x'.repeat(75)}=\r\n${'x'.repeat(5)}`);
    });
  });

  describe('GraphMailer: through the Graph gateway (local fake Graph over HTTPS)', () => {
    let fake: FakeGraph;
    beforeEach(async () => {
      fake = await startFakeGraph();
    });
    afterEach(async () => {
      if (fake) await fake.close();
    });
    const graphCalls = () => fake.requests.filter((r) => r.path.startsWith('/v1.0/'));

    it('posts the notice to /users/<sender>/sendMail: subject, HTML body, recipients', async () => {
      const notice = italianNotice();
      const mailer = new GraphMailer(createGraphGateway(fake.config), 'cpor@contoso.com');
      const result = await mailer.send({ to: notice.to, subject: notice.subject, text: notice.text, html: notice.html });

      assert.equal(result.where, 'graph:cpor@contoso.com');
      assert.match(result.id, /^[0-9a-f-]{36}$/);
      const [call] = graphCalls();
      assert.equal(`${call.method} ${call.path} ${call.status}`, 'POST /v1.0/users/cpor%40contoso.com/sendMail 202');
      assert.equal(call.bearer, 'issued');
      assert.equal(fake.sentMail.length, 1);
      const [sent] = fake.sentMail;
      assert.equal(sent.from, 'cpor@contoso.com');
      assert.equal(sent.message.subject, notice.subject);
      assert.deepEqual(sent.message.body, { contentType: 'HTML', content: notice.html });
      assert.deepEqual(sent.message.toRecipients, [{ emailAddress: { address: 'giulia@fabrikam.it' } }, { emailAddress: { address: 'niccolo@fabrikam.it' } }]);
    });

    it('a 429 with Retry-After is retried after it, and the customer gets exactly one mail', async () => {
      const notice = italianNotice();
      fake.failNext(429, { retryAfterSeconds: 1 });
      const mailer = new GraphMailer(createGraphGateway(fake.config), 'cpor@contoso.com');
      const started = Date.now();
      await mailer.send({ to: notice.to, subject: notice.subject, text: notice.text, html: notice.html });
      const elapsed = Date.now() - started;

      assert.deepEqual(
        graphCalls().map((r) => r.status),
        [429, 202],
      );
      assert.ok(elapsed >= 950, `retried after ${elapsed} ms, before the 1 s Retry-After`);
      assert.equal(fake.sentMail.length, 1);
      assert.equal(fake.sentMail[0].message.subject, notice.subject);
    });

    it('refuses to send as another mailbox than its sender, and sends nothing', async () => {
      const mailer = new GraphMailer(createGraphGateway(fake.config), 'cpor@contoso.com');
      await assert.rejects(
        mailer.send({ from: 'ceo@contoso.com', to: ['a@fabrikam.com'], subject: 's', text: 't', html: 'h' }),
        /sends as cpor@contoso.com only/,
      );
      await mailer.send({ from: 'CPOR <CPOR@contoso.com>', to: ['a@fabrikam.com'], subject: 's', text: 't', html: 'h' });
      assert.equal(fake.sentMail.length, 1);
    });
  });
});
