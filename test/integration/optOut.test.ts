// The customer opt-out page on a real restify server (same body parsing as the app) over the embedded Cosmos
// store: GET never changes anything, POST declines once (also when repeated or raced), forged / expired / foreign
// tokens change nothing, everything shown is escaped, security headers, the rate limit, Italian for .it customers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import restify from 'restify';
import { LinkSigner } from '../../services/signedLinks';
import type { Claim, ClaimFields } from '../../services/domain/claim';
import { optOutUrl, registerOptOutRoutes, type OptOutDeps } from '../../bot/web/optOutRoute';
import { formatDeadline } from '../../bot/web/optOutPages';
import { RateLimiter, clientKeyOf } from '../../bot/web/rateLimit';
import { allLanguages } from '../../services/strings';
import { openWorld, type BotWorld } from '../helpers/chat';
import { TENANT } from '../helpers/activities';
import { startRestifyServer, type TestServer } from '../helpers/restifyServer';

const OTHER_TENANT = 'c0ffee00-1111-4222-8333-444455556666';
const CUSTOMER_TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';
const DEADLINE = '2099-12-04T16:59:00.000Z';
const DEADLINE_EN = 'Friday 4 December 2099, 16:59 (UTC)';
const DEADLINE_IT = 'venerdì 4 dicembre 2099, 16:59 (UTC)';
const reviewer = { id: '29:rita', name: 'Rita Reviewer' };
/** The confirmation page's Decline: the POST that declines. */
const FORM_POST = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=decline' };
const formPost = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

/** A restify server like the app's (query and body parsers as in bot/app.ts) with the opt-out routes only. */
const startServer = (deps: OptOutDeps): Promise<TestServer> => startRestifyServer('optout-test', (server) => registerOptOutRoutes(server, deps), 'idle');

async function fetchText(url: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** The same token with the character at `index` replaced by another URL-safe one. */
function flip(token: string, index: number): string {
  const c = token[index];
  const replacement = c === 'A' ? 'B' : c === '0' ? '1' : /\d/.test(c) ? '0' : 'A';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

describe('Customer opt-out page (integration)', () => {
  let world: BotWorld;
  let signer: LinkSigner;
  let declined: Claim[];
  let app: TestServer;
  let seq = 0;

  before(async () => {
    world = await openWorld();
    signer = new LinkSigner(randomBytes(32));
    declined = [];
    app = await startServer({
      claims: world.deps.claims,
      signer,
      onDeclined: (claim) => declined.push(claim),
      log: world.deps.log,
      clock: world.clock,
      rateLimit: { burst: 100_000 },
    });
  });
  after(async () => {
    await app?.close();
    await world?.close();
  });

  /** A submitted claim walked to Approved (or Official) through the real transitions. */
  async function approvedClaim(
    options: { fields?: Partial<ClaimFields>; deadline?: string; official?: boolean; partnerTenantId?: string; partnerName?: string } = {},
  ): Promise<Claim> {
    seq++;
    const id = `CPOR-OPT${String(seq).padStart(6, '0')}`;
    const partnerTenantId = options.partnerTenantId ?? TENANT;
    const created = await world.deps.claims.create({
      id,
      partnerTenantId,
      partnerName: options.partnerName,
      submit: true,
      actor: { id: '29:alice', name: 'Alice Author' },
      locale: 'en-US',
      poe: {
        fileId: 'f-1',
        fileName: 'secret-sow.pdf',
        contentType: 'application/pdf',
        size: 1000,
        uploadedAt: '2026-11-20T10:00:00Z',
        uploadedBy: '29:alice',
      },
      fields: {
        solutionArea: 'microsoft365',
        activity: 'usage',
        partnerId: '1234567',
        customerDomain: 'contoso.com',
        customerTenantId: CUSTOMER_TENANT,
        workloads: [`Workload ${seq}`],
        customerContact: { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' },
        partnerContact: { name: 'Paolo Partner', email: 'paolo@partner.example', title: 'Sales lead' },
        name: `Internal claim name ${seq}`,
        comments: 'internal comment for the reviewer',
        ...options.fields,
      },
    });
    assert.equal(created.kind, 'created');
    let claim = (created as { claim: Claim }).claim;
    for (const action of ['startReview', 'approve'] as const) {
      // The reviewer checked the customer contact (some tests' fields put it outside their odd customer domain).
      const result = await world.deps.claims.transition(claim, { action, actor: reviewer, party: 'reviewer', contactChecked: true });
      assert.equal(result.kind, 'done', action);
      claim = (result as { claim: Claim }).claim;
    }
    // The page shows the stored deadline: a fixed one (far ahead, or already past) keeps the tests date-proof.
    const fixture = options.official
      ? { optOutDeadline: new Date(world.clock.now().getTime() - 1000).toISOString(), customerNotifiedAt: claim.updatedAt }
      : { optOutDeadline: options.deadline ?? DEADLINE };
    await world.store.containers.associations
      .item(claim.id, partnerTenantId)
      .patch(Object.entries(fixture).map(([key, value]) => ({ op: 'set' as const, path: `/${key}`, value })));
    if (options.official) {
      const result = await world.deps.claims.promote(claim, { id: 'system', name: 'CPOR Assistant' });
      assert.equal(result.kind, 'done', 'makeOfficial');
    }
    return reread(claim);
  }

  const tokenFor = (claim: Claim, expires = new Date(claim.optOutDeadline ?? DEADLINE)) =>
    signer.seal('optout', `${claim.partnerTenantId}/${claim.id}`, expires);
  const linkFor = (claim: Claim, expires?: Date) => `${app.url}/optout/${tokenFor(claim, expires)}`;
  const reread = async (claim: Claim) => (await world.deps.claims.get(claim.partnerTenantId, claim.id)) as Claim;
  const declinesOf = (claim: Claim) => claim.history.filter((h) => h.action === 'customerDecline');

  async function assertUnchanged(before: Claim): Promise<void> {
    const now = await reread(before);
    assert.equal(now.status, before.status);
    assert.equal(now.version, before.version);
    assert.equal(now.history.length, before.history.length);
    assert.equal(now._etag, before._etag, 'the claim document was not written');
  }

  it('GET shows what the customer was sent and the Decline form, and changes nothing', async () => {
    const claim = await approvedClaim();
    const link = linkFor(claim);
    assert.equal(link, optOutUrl(app.url, signer, claim), 'optOutUrl builds the same link');
    for (let i = 0; i < 3; i++) {
      const page = await fetchText(link);
      assert.equal(page.status, 200);
      assert.match(page.body, /^<!doctype html>\n<html lang="en">/);
      // The partner organisation: its name from Graph, or (Graph not configured here) its tenant id.
      for (const shown of ['Paolo Partner', TENANT, '1234567', 'contoso.com', CUSTOMER_TENANT, `Workload ${seq}`, DEADLINE_EN, 'usage and sold seats data']) {
        assert.ok(page.body.includes(shown), `shows ${shown}`);
      }
      assert.match(page.body, /<form method="post">\s*<button type="submit">Decline association<\/button>\s*<\/form>/);
      for (const hidden of [
        claim.name,
        'internal comment',
        'secret-sow.pdf',
        'paolo@partner.example',
        'Sales lead',
        'Rita Reviewer',
        'Alice Author',
        'jane@contoso.com',
        claim.id,
      ]) {
        assert.ok(!page.body.includes(hidden), `does not show ${hidden}`);
      }
      assert.ok(!/<script/i.test(page.body), 'no scripts');
    }
    const head = await fetch(link, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal((await head.text()).length, 0);
    await assertUnchanged(claim);
    assert.equal(declined.length, 0);
  });

  it('POST declines: Rejected with "Customer declined" by the customer contact, onDeclined once; a second POST changes nothing', async () => {
    const claim = await approvedClaim();
    const link = linkFor(claim);
    const before = declined.length;

    const first = await fetchText(link, FORM_POST);
    assert.equal(first.status, 200);
    assert.match(first.body, /You declined the association/);
    const after = await reread(claim);
    assert.equal(after.status, 'Rejected');
    assert.equal(after.version, claim.version + 1);
    const last = after.history[after.history.length - 1];
    assert.equal(last.action, 'customerDecline');
    assert.equal(last.reason, 'Customer declined');
    assert.equal(last.from, 'Approved');
    assert.deepEqual(last.by, { id: 'customer', name: 'jane@contoso.com' });
    assert.ok(
      after.notices.some((n) => n.kind === 'partner' && n.version === after.version),
      'the partner is owed a message',
    );
    assert.ok(
      after.notices.some((n) => n.kind === 'reviewCard' && n.version === after.version),
      'the review card is owed a refresh',
    );
    assert.equal(declined.length, before + 1);
    assert.equal(declined[declined.length - 1].id, claim.id);
    assert.equal(declined[declined.length - 1].status, 'Rejected');

    const second = await fetchText(link, FORM_POST);
    assert.equal(second.status, 200);
    assert.equal(second.body, first.body, 'the same confirmation');
    await assertUnchanged(after);
    assert.equal(declined.length, before + 1, 'onDeclined not called again');

    const revisit = await fetchText(link);
    assert.equal(revisit.status, 200);
    assert.match(revisit.body, /You already declined this association/);
    assert.ok(!revisit.body.includes('<form'), 'no form any more');
    await assertUnchanged(after);
  });

  it('concurrent POSTs record one decline and all get the confirmation', async () => {
    const claim = await approvedClaim();
    const link = linkFor(claim);
    const before = declined.length;
    const pages = await Promise.all(Array.from({ length: 8 }, () => fetchText(link, FORM_POST)));
    for (const page of pages) {
      assert.equal(page.status, 200);
      assert.match(page.body, /You declined the association/);
    }
    const after = await reread(claim);
    assert.equal(after.status, 'Rejected');
    assert.equal(declinesOf(after).length, 1, 'one history entry');
    assert.equal(after.history.length, claim.history.length + 1);
    assert.equal(after.version, claim.version + 1);
    assert.equal(declined.length, before + 1, 'onDeclined called once');
  });

  it('racing POSTs that all read the claim as Approved: the ETag lets one decline through, the others confirm it', async () => {
    const claim = await approvedClaim();
    const racers = 4;
    let waiting: (() => void)[] = [];
    const results: string[] = [];
    const real = world.deps.claims;
    const before = declined.length;
    const racing = await startServer({
      claims: {
        // Every request reads the claim (Approved), then all go on to the transition together.
        get: async (partnerTenantId, id) => {
          const read = await real.get(partnerTenantId, id);
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === racers) {
              waiting.forEach((release) => release());
              waiting = [];
            }
          });
          return read;
        },
        transition: async (ref, input) => {
          const result = await real.transition(ref, input);
          results.push(result.kind);
          return result;
        },
      },
      signer,
      onDeclined: (c) => declined.push(c),
      log: world.deps.log,
      clock: world.clock,
      rateLimit: { burst: 1000 },
    });
    try {
      const link = `${racing.url}/optout/${tokenFor(claim)}`;
      const pages = await Promise.all(Array.from({ length: racers }, () => fetchText(link, FORM_POST)));
      assert.deepEqual(
        pages.map((p) => p.status),
        Array(racers).fill(200),
      );
      for (const page of pages) assert.match(page.body, /You declined the association/);
    } finally {
      await racing.close();
    }
    assert.deepEqual([...results].sort(), ['done', ...Array(racers - 1).fill('refused')], 'all raced to the transition, one won');
    const after = await reread(claim);
    assert.equal(declinesOf(after).length, 1);
    assert.equal(after.version, claim.version + 1);
    assert.equal(declined.length, before + 1);
  });

  it('the page\'s Decline button asks "Decline the association with <partner>?" (Decline, Keep) and declines nothing, whatever its body', async () => {
    for (const init of [
      formPost('confirm=1&x=%3Cy%3E'),
      formPost('answer=maybe'),
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { method: 'POST' },
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'answer=decline' },
    ] as RequestInit[]) {
      const claim = await approvedClaim({ partnerName: 'Contoso Partner Ltd' });
      const page = await fetchText(linkFor(claim), init);
      assert.equal(page.status, 200, JSON.stringify(init));
      assert.match(page.body, /<h1>Decline the association with Contoso Partner Ltd\?<\/h1>/, JSON.stringify(init));
      assert.match(page.body, /<button type="submit" name="answer" value="decline">Decline<\/button>/);
      assert.match(page.body, /<button type="submit" class="keep" name="answer" value="keep">Keep<\/button>/);
      await assertUnchanged(claim);
    }
  });

  it('Keep changes nothing and says until when the customer may still decline; Decline (urlencoded, with other fields) declines', async () => {
    const claim = await approvedClaim();
    const kept = await fetchText(linkFor(claim), formPost('answer=keep'));
    assert.equal(kept.status, 200);
    assert.match(kept.body, /Association kept/);
    assert.match(kept.body, new RegExp(`You can still decline until ${DEADLINE_EN.replace(/[()]/g, '\\$&')}`));
    await assertUnchanged(claim);
    const declinedPage = await fetchText(linkFor(claim), formPost('x=%3Cy%3E&answer=decline'));
    assert.match(declinedPage.body, /You declined the association/);
    assert.equal((await reread(claim)).status, 'Rejected');
  });

  it('tampered, truncated, foreign-secret and wrong-kind tokens: 404 "not valid", nothing changes', async () => {
    const claim = await approvedClaim();
    const token = tokenFor(claim);
    const [subject, exp, mac] = token.split('.');
    const forged = [
      flip(token, 0), // subject
      flip(token, subject.length - 1), // last character of the subject
      flip(token, subject.length + 1), // expiry
      flip(token, subject.length + 1 + exp.length), // last digit of the expiry
      `${subject}.${Number(exp) + 86400}.${mac}`, // a later expiry
      flip(token, token.length - 1), // mac
      flip(token, token.length - mac.length), // first character of the mac
      token.slice(0, -1),
      `${token}A`,
      `${token}.x`,
      `${subject}.${exp}`,
      `${Buffer.from(`${OTHER_TENANT}/${claim.id}`).toString('base64url')}.${exp}.${mac}`, // another tenant's claim
      new LinkSigner(randomBytes(32)).seal('optout', `${claim.partnerTenantId}/${claim.id}`, new Date(DEADLINE)),
      signer.seal('file', `${claim.partnerTenantId}/${claim.id}`, new Date(DEADLINE)),
      signer.sign('optout', `${claim.partnerTenantId}/${claim.id}`, new Date(DEADLINE)),
      `${subject}.${exp}.${mac}/more`,
      '',
      'a.b.c',
      '%3Cscript%3E',
    ];
    for (const bad of forged) {
      assert.notEqual(bad, token);
      for (const init of [undefined, FORM_POST]) {
        const page = await fetchText(`${app.url}/optout/${bad}`, init);
        assert.equal(page.status, 404, `${init ? 'POST' : 'GET'} ${bad}`);
        assert.match(page.body, /This link is not valid\./);
        assert.ok(!page.body.includes('Paolo Partner'));
      }
    }
    await assertUnchanged(claim);
    // The genuine token still works after all that.
    assert.equal((await fetchText(`${app.url}/optout/${token}`)).status, 200);
  });

  it('a token for another claim declines that claim only, never this one', async () => {
    const mine = await approvedClaim();
    const other = await approvedClaim();
    const page = await fetchText(linkFor(other), FORM_POST);
    assert.equal(page.status, 200);
    assert.equal((await reread(other)).status, 'Rejected');
    await assertUnchanged(mine);
  });

  it('a genuine token for a claim that does not exist: 404 and nothing stored', async () => {
    const claim = await approvedClaim();
    for (const subject of [`${TENANT}/CPOR-NOSUCHCLAIM`, `${OTHER_TENANT}/${claim.id}`, claim.id, `${TENANT}/`, `/${claim.id}`]) {
      const link = `${app.url}/optout/${signer.seal('optout', subject, new Date(DEADLINE))}`;
      for (const init of [undefined, FORM_POST]) {
        const page = await fetchText(link, init);
        assert.equal(page.status, 404, subject);
        assert.match(page.body, /This link is not valid\./);
      }
    }
    assert.equal(await world.deps.claims.get(TENANT, 'CPOR-NOSUCHCLAIM'), undefined);
    assert.equal(await world.deps.claims.get(OTHER_TENANT, claim.id), undefined);
    await assertUnchanged(claim);
  });

  it('an expired token: 410 with the end of the period, GET and POST, nothing changes', async () => {
    const claim = await approvedClaim();
    const ended = new Date(world.clock.now().getTime() - 3600_000);
    ended.setUTCSeconds(0, 0);
    const link = linkFor(claim, ended);
    const when = formatDeadline(ended, allLanguages.en.optOutPage, 'UTC');
    assert.match(when, /^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \(UTC\)$/);
    for (const init of [undefined, FORM_POST]) {
      const page = await fetchText(link, init);
      assert.equal(page.status, 410);
      assert.ok(page.body.includes(`This link has expired (the opt-out period ended on ${when}).`), page.body);
      assert.ok(!page.body.includes('<form'));
    }
    // A forged token that claims to be expired is just invalid: nothing is learnt from it.
    const [subject, exp] = tokenFor(claim, ended).split('.');
    const forgedExpired = `${subject}.${exp}.${'A'.repeat(43)}`;
    assert.equal((await fetchText(`${app.url}/optout/${forgedExpired}`)).status, 404);
    await assertUnchanged(claim);
  });

  it('a claim whose own opt-out deadline has passed cannot be declined, even with a later token', async () => {
    const claim = await approvedClaim({ deadline: '2020-01-02T10:00:00.000Z' });
    const link = linkFor(claim, new Date(DEADLINE));
    for (const init of [undefined, FORM_POST]) {
      const page = await fetchText(link, init);
      assert.equal(page.status, 410);
      assert.ok(page.body.includes('(the opt-out period ended on Thursday 2 January 2020, 10:00 (UTC)).'));
    }
    await assertUnchanged(claim);
  });

  it('an Official claim (or one not approved) shows that it can no longer be declined here', async () => {
    const official = await approvedClaim({ official: true });
    assert.equal(official.status, 'Official');
    // A link from the e-mail still within its own validity: the claim's state decides.
    const page = await fetchText(linkFor(official, new Date(DEADLINE)));
    assert.equal(page.status, 200);
    assert.match(page.body, /This association can no longer be declined here\./);
    assert.ok(!page.body.includes('<form'));
    const post = await fetchText(linkFor(official, new Date(DEADLINE)), FORM_POST);
    assert.equal(post.status, 409);
    assert.match(post.body, /can no longer be declined here/);
    await assertUnchanged(official);

    // Rejected by a reviewer, not by the customer: not "already declined".
    const other = await approvedClaim();
    const withdrawn = await world.deps.claims.transition(other, { action: 'withdraw', actor: reviewer, party: 'incentivesAdmin', comment: 'Partner request' });
    assert.equal(withdrawn.kind, 'done');
    const rejected = (withdrawn as { claim: Claim }).claim;
    const view = await fetchText(linkFor(rejected));
    assert.match(view.body, /can no longer be declined here/);
    const again = await fetchText(linkFor(rejected), FORM_POST);
    assert.equal(again.status, 409);
    await assertUnchanged(rejected);
  });

  it('escapes everything a partner typed', async () => {
    const claim = await approvedClaim({
      fields: {
        partnerContact: { name: '<script>alert(1)</script>', email: 'x@partner.example' },
        partnerId: '"><img src=x onerror=alert(2)>',
        customerDomain: "o'brien&<b>co</b>.com",
        workloads: ['Teams & <i>Co</i> "quoted"'],
      },
    });
    const page = await fetchText(linkFor(claim));
    assert.equal(page.status, 200);
    assert.ok(!/<script/i.test(page.body), 'no script element');
    assert.ok(!/<img/i.test(page.body), 'no img element');
    assert.ok(!/<i>|<b>/.test(page.body), 'no markup from fields');
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.body.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(page.body.includes('o&#39;brien&amp;&lt;b&gt;co&lt;/b&gt;.com'));
    assert.ok(page.body.includes('Teams &amp; &lt;i&gt;Co&lt;/i&gt; &quot;quoted&quot;'));
  });

  it('sends the security headers on every page', async () => {
    const claim = await approvedClaim();
    const responses = [
      await fetchText(linkFor(claim)),
      await fetchText(`${app.url}/optout/nonsense`),
      await fetchText(linkFor(claim, new Date(Date.now() - 1000))),
      await fetchText(linkFor(claim), FORM_POST),
    ];
    for (const { headers, status } of responses) {
      assert.equal(headers.get('content-type'), 'text/html; charset=utf-8', String(status));
      assert.equal(headers.get('cache-control'), 'no-store');
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('referrer-policy'), 'no-referrer');
      assert.equal(headers.get('x-frame-options'), 'DENY');
      const csp = headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|; )default-src 'none'(;|$)/);
      assert.match(csp, /(^|; )style-src 'unsafe-inline'(;|$)/);
      assert.match(csp, /(^|; )form-action 'self'(;|$)/);
      assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/);
      assert.ok(!/script-src/.test(csp), 'no script source allowed');
    }
  });

  it('rate-limits per client after a burst: 429 with a plain page, and a limited POST declines nothing', async () => {
    const claim = await approvedClaim();
    const limited = await startServer({
      claims: world.deps.claims,
      signer,
      onDeclined: (c) => declined.push(c),
      log: world.deps.log,
      clock: world.clock,
      rateLimit: { burst: 5, perMinute: 1 },
      clientKey: (req) => String(req.headers['x-test-client'] ?? 'default'),
    });
    try {
      const link = `${limited.url}/optout/${tokenFor(claim)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetchText(link)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      const throttled = await fetchText(link);
      assert.equal(throttled.status, 429);
      assert.match(throttled.body, /Too many requests/);
      assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
      assert.equal(throttled.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.ok(!throttled.body.includes('Paolo Partner'), 'no claim data');
      const post = await fetchText(link, FORM_POST);
      assert.equal(post.status, 429);
      const invalid = await fetchText(`${limited.url}/optout/nonsense`);
      assert.equal(invalid.status, 429, 'invalid tokens count too');
      await assertUnchanged(claim);
      // Another client is not affected.
      const other = await fetchText(link, { headers: { 'x-test-client': 'someone-else' } });
      assert.equal(other.status, 200);
    } finally {
      await limited.close();
    }
    // The default key: the socket address (127.0.0.1 here).
    const byAddress = await startServer({
      claims: world.deps.claims,
      signer,
      onDeclined: () => undefined,
      log: world.deps.log,
      clock: world.clock,
      rateLimit: { burst: 3, perMinute: 1 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetchText(`${byAddress.url}/optout/x`)).status);
      assert.deepEqual(statuses, [404, 404, 404, 429]);
    } finally {
      await byAddress.close();
    }
  });

  it('Italian page for a .it customer domain', async () => {
    const claim = await approvedClaim({ fields: { customerDomain: 'esempio.it', customerContact: { name: 'Gina', email: 'gina@esempio.it' } } });
    const link = linkFor(claim);
    const page = await fetchText(link);
    assert.equal(page.status, 200);
    assert.match(page.body, /<html lang="it">/);
    for (const shown of [
      'Rifiuta associazione',
      'Contatto del partner',
      'Carichi di lavoro',
      'dati di utilizzo e delle licenze vendute',
      DEADLINE_IT,
      'esempio.it',
    ]) {
      assert.ok(page.body.includes(shown), `shows ${shown}`);
    }
    assert.ok(!page.body.includes('Decline association'));
    const post = await fetchText(link, FORM_POST);
    assert.match(post.body, /Avete rifiutato l’associazione/);
    assert.deepEqual((await reread(claim)).history.at(-1)?.by, { id: 'customer', name: 'gina@esempio.it' });
    assert.match((await fetchText(link)).body, /Avete già rifiutato questa associazione/);
    const expired = await fetchText(linkFor(claim, new Date('2024-03-01T08:00:00Z')));
    assert.equal(expired.status, 410);
    assert.match(expired.body, /Questo link è scaduto \(il periodo per opporsi è terminato venerdì 1 marzo 2024, 08:00 \(UTC\)\)\./);
    // .com customers and unknown links stay English (the latter with an Italian translation below).
    const invalid = await fetchText(`${app.url}/optout/nonsense`);
    assert.match(invalid.body, /This link is not valid\.[\s\S]*Questo link non è valido\./);
  });

  it('shows the deadline in the configured time zone, as the e-mail does', async () => {
    const claim = await approvedClaim();
    const rome = await startServer({
      claims: world.deps.claims,
      signer,
      onDeclined: () => undefined,
      log: world.deps.log,
      clock: world.clock,
      timeZone: 'Europe/Rome',
    });
    try {
      const page = await fetchText(`${rome.url}/optout/${tokenFor(claim)}`);
      assert.ok(page.body.includes('You can decline until Friday 4 December 2099, 17:59 (Europe/Rome).'));
    } finally {
      await rome.close();
    }
    await assertUnchanged(claim);
    assert.throws(() =>
      registerOptOutRoutes(restify.createServer(), {
        claims: world.deps.claims,
        signer,
        onDeclined: () => undefined,
        log: world.deps.log,
        clock: world.clock,
        timeZone: 'Mars/Base',
      }),
    );
  });

  it('a store failure shows a plain 503 page without internals; a failing onDeclined does not undo the decline', async () => {
    const claim = await approvedClaim();
    const broken = await startServer({
      claims: {
        get: async () => {
          throw new Error('cosmos exploded at 10.0.0.7');
        },
        transition: world.deps.claims.transition.bind(world.deps.claims),
      },
      signer,
      onDeclined: () => undefined,
      log: world.deps.log,
      clock: world.clock,
    });
    try {
      const page = await fetchText(`${broken.url}/optout/${tokenFor(claim)}`, FORM_POST);
      assert.equal(page.status, 503);
      assert.match(page.body, /Something went wrong on our side\. Please try again in a few minutes\./);
      assert.ok(!page.body.includes('cosmos') && !page.body.includes('10.0.0.7'));
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    } finally {
      await broken.close();
    }
    await assertUnchanged(claim);

    const throwing = await startServer({
      claims: world.deps.claims,
      signer,
      onDeclined: () => {
        throw new Error('delivery wiring failed');
      },
      log: world.deps.log,
      clock: world.clock,
    });
    try {
      const page = await fetchText(`${throwing.url}/optout/${tokenFor(claim)}`, FORM_POST);
      assert.equal(page.status, 200);
      assert.match(page.body, /You declined the association/);
    } finally {
      await throwing.close();
    }
    assert.equal((await reread(claim)).status, 'Rejected');
    assert.ok(world.logs().some((l) => l.msg === 'after the customer declined: onDeclined failed'));
  });

  it('shows product and subscription for a Business Applications claim', async () => {
    const claim = await approvedClaim({
      fields: {
        solutionArea: 'businessApplications',
        activity: 'usage',
        workloads: undefined,
        product: 'Dynamics 365 Sales',
        subscriptionId: `0b9e7f4a-1c2d-4e5f-8a9b-${String(seq + 1).padStart(12, '0')}`,
      },
    });
    const page = await fetchText(linkFor(claim));
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('Dynamics 365 Sales'));
    assert.ok(page.body.includes(claim.subscriptionId ?? '?'));
    assert.match(page.body, /usage and sold seats data of this subscription/);
  });
});

describe('Sealed links (LinkSigner.seal / open)', () => {
  const signer = new LinkSigner(randomBytes(32));
  const NOW = new Date('2026-11-25T10:00:00Z');
  const later = new Date(NOW.getTime() + 86400_000);

  it('round-trips the subject, URL-safe, and refuses another purpose or secret', () => {
    const subject = `${TENANT}/CPOR-ABCDEFGHJK`;
    const token = signer.seal('optout', subject, later);
    assert.match(token, /^[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(signer.open('optout', token, NOW), { subject, expires: new Date(Math.floor(later.getTime() / 1000) * 1000) });
    assert.deepEqual(signer.open('file', token, NOW), { error: 'invalid' });
    assert.deepEqual(new LinkSigner(randomBytes(32)).open('optout', token, NOW), { error: 'invalid' });
    assert.deepEqual(signer.open('optout', 'é'.repeat(10), NOW), { error: 'invalid' });
    const unicode = signer.seal('optout', 'tenant/ü-ñ', later);
    assert.equal((signer.open('optout', unicode, NOW) as { subject: string }).subject, 'tenant/ü-ñ');
  });

  it('expired only for genuine tokens, checked after the MAC; the existing sign/verify still work', () => {
    const past = new Date(NOW.getTime() - 1000);
    const token = signer.seal('optout', 'a/b', past);
    const opened = signer.open('optout', token, NOW);
    assert.ok('error' in opened && opened.error === 'expired');
    assert.equal(opened.subject, 'a/b');
    assert.deepEqual(signer.open('optout', flip(token, token.length - 1), NOW), { error: 'invalid' }, 'a forged expired token is invalid');
    const earlier = signer.open('optout', token, new Date(past.getTime() - 60_000));
    assert.ok(!('error' in earlier) && earlier.subject === 'a/b', 'valid before its expiry');

    const fileToken = signer.sign('file', 'file-1', later);
    assert.equal(signer.verify('file', 'file-1', fileToken, NOW), true);
    assert.equal(signer.verify('file', 'file-2', fileToken, NOW), false);
    assert.deepEqual(signer.open('file', fileToken, NOW), { error: 'invalid' });
    assert.throws(() => signer.seal('optout', '', later));
    assert.throws(() => signer.seal('optout', 'x', new Date(NaN)));
  });
});

describe('Opt-out rate limiter', () => {
  it('refills over time and keeps a bounded number of clients', () => {
    const limiter = new RateLimiter({ burst: 2, perMinute: 60, maxClients: 3 });
    assert.equal(limiter.take('a', 0), undefined);
    assert.equal(limiter.take('a', 0), undefined);
    assert.equal(limiter.take('a', 0), 1);
    assert.equal(limiter.take('a', 1000), undefined, 'one more after a second');
    for (let i = 0; i < 1000; i++) limiter.take(`client-${i}`, 2000);
    assert.equal(limiter.size, 3);
  });

  it('keys IPv4 as is and IPv6 by /64', () => {
    assert.equal(clientKeyOf('127.0.0.1'), '127.0.0.1');
    assert.equal(clientKeyOf('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(clientKeyOf('2001:db8:0:1:aaaa::1'), '2001:db8:0:1::/64');
    assert.equal(clientKeyOf('2001:0db8:0000:0001:ffff:1:2:3'), '2001:db8:0:1::/64');
    assert.equal(clientKeyOf('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientKeyOf('::1'), '0:0:0:0::/64');
    assert.equal(clientKeyOf('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(clientKeyOf(undefined), 'unknown');
  });
});
