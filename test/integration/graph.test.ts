// The Graph gateway with its real Graph client and @azure/identity credential, over HTTPS, against a local fake of
// Entra ID and Graph: nothing below the gateway is mocked.
import assert from 'node:assert/strict';
import { createGraphGateway, GraphRequestError, type GraphGateway } from '../../services/graph';
import { startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';
import { until } from '../helpers/until';

const USER = '5f1c6f0e-9a63-4a8e-b0a2-3e8d1c7e2f10';
const REVIEWERS = 'a1b2c3d4-0000-4000-8000-000000000001';
const ADMINS = 'a1b2c3d4-0000-4000-8000-000000000002';
const OTHER = 'a1b2c3d4-0000-4000-8000-000000000003';

describe('Graph gateway (integration, local fake Graph over HTTPS)', () => {
  let fake: FakeGraph;
  let graph: GraphGateway;

  beforeEach(async () => {
    fake = await startFakeGraph();
    graph = createGraphGateway(fake.config);
  });
  afterEach(async () => {
    if (fake) await fake.close();
  });

  const graphCalls = () => fake.requests.filter((r) => r.path.startsWith('/v1.0/'));
  const tokenCalls = () => fake.requests.filter((r) => r.path.includes('/oauth2/v2.0/token'));

  it('finds the tenant id that owns a domain', async () => {
    fake.domains.set('contoso.com', 'c0a1b2c3-1111-4111-8111-111111111111');
    assert.equal(await graph.findTenantIdByDomain('Contoso.com'), 'c0a1b2c3-1111-4111-8111-111111111111');
    assert.deepEqual(
      graphCalls().map((r) => `${r.method} ${r.path}`),
      ["GET /v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='Contoso.com')"],
    );
  });

  it('answers undefined for a domain no tenant owns (Graph 404)', async () => {
    assert.equal(await graph.findTenantIdByDomain('nobody.example'), undefined);
    assert.equal(graphCalls()[0].status, 404);
  });

  it('escapes a single quote in the domain as an OData literal', async () => {
    fake.domains.set("o'brien.example", 'b0b0b0b0-2222-4222-8222-222222222222');
    assert.equal(await graph.findTenantIdByDomain("o'brien.example"), 'b0b0b0b0-2222-4222-8222-222222222222');
    assert.match(graphCalls()[0].path, /domainName='o''brien\.example'\)$/);
  });

  it('URL-encodes the domain, so it cannot add a query or path', async () => {
    assert.equal(await graph.findTenantIdByDomain('a.example?$select=x#/users'), undefined);
    const [call] = graphCalls();
    assert.equal(call.status, 404);
    assert.match(call.path, /domainName='a\.example%3F%24select%3Dx%23%2Fusers'\)$/);
  });

  it('checkMemberGroups returns the groups, among those asked, the user is a member of', async () => {
    fake.groups.set(USER, [REVIEWERS, OTHER]);
    assert.deepEqual(await graph.checkMemberGroups(USER, [REVIEWERS, ADMINS]), [REVIEWERS]);
    const [call] = graphCalls();
    assert.equal(call.path, `/v1.0/users/${USER}/checkMemberGroups`);
    assert.deepEqual(call.body, { groupIds: [REVIEWERS, ADMINS] });
  });

  it('checkMemberGroups asks in batches of 20, the most Graph accepts, and asks nothing for no groups', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    fake.groups.set(USER, [ids[3], ids[25], ids[44]]);
    assert.deepEqual(await graph.checkMemberGroups(USER, ids), [ids[3], ids[25], ids[44]]);
    assert.deepEqual(
      graphCalls().map((r) => (r.body as { groupIds: string[] }).groupIds.length),
      [20, 20, 5],
    );
    assert.deepEqual(await graph.checkMemberGroups(USER, []), []);
    assert.equal(graphCalls().length, 3);
  });

  it('authenticates with a token from the configured authority, sent only as the Bearer header, fetched once', async () => {
    fake.domains.set('contoso.com', 'c0a1b2c3-1111-4111-8111-111111111111');
    fake.groups.set(USER, [REVIEWERS]);
    await graph.findTenantIdByDomain('contoso.com');
    await graph.checkMemberGroups(USER, [REVIEWERS]);

    assert.deepEqual(
      graphCalls().map((r) => r.bearer),
      ['issued', 'issued'],
    );
    const { tenantId, clientId } = fake.config;
    // What MSAL asks of the authority (instance discovery is off, so nothing goes to login.microsoftonline.com).
    assert.deepEqual(
      fake.requests.filter((r) => !r.path.startsWith('/v1.0/')).map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`),
      [`GET /${tenantId}/v2.0/.well-known/openid-configuration 200`, `POST /${tenantId}/oauth2/v2.0/token 200`],
    );
    const form = tokenCalls()[0].body as Record<string, string>;
    assert.equal(form.grant_type, 'client_credentials');
    assert.equal(form.client_id, clientId);
    assert.equal(form.scope, 'https://graph.microsoft.com/.default');
  });

  it('the fake answers 401, like Graph, without the issued token', async () => {
    const res = await fetch(`${fake.baseUrl}/users/${USER}/checkMemberGroups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged' },
      body: JSON.stringify({ groupIds: [REVIEWERS] }),
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    fake.groups.set(USER, [REVIEWERS]);
    fake.failNext(429, { retryAfterSeconds: 1 });
    const started = Date.now();
    assert.deepEqual(await graph.checkMemberGroups(USER, [REVIEWERS]), [REVIEWERS]);
    const elapsed = Date.now() - started;

    const attempts = graphCalls();
    assert.deepEqual(
      attempts.map((r) => r.status),
      [429, 200],
    );
    assert.equal(attempts[1].headers['retry-attempt'], '1');
    assert.deepEqual(attempts[1].body, { groupIds: [REVIEWERS] });
    assert.ok(elapsed >= 950, `retried after ${elapsed} ms, before the 1 s Retry-After`);
  });

  it('a persistent 500 surfaces once, as an error naming the operation and status, without the secret', async () => {
    fake.failNext(500, { times: Infinity });
    const err = await graph.findTenantIdByDomain('contoso.com').then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GraphRequestError);
    assert.equal(err.status, 500);
    assert.equal(err.operation, 'findTenantInformationByDomainName');
    assert.match(err.message, /^Graph findTenantInformationByDomainName failed: HTTP 500 InternalServerError/);
    assert.ok(!err.message.includes(fake.config.clientSecret));
    assert.equal(graphCalls().length, 1, '500 is not retried');
  });

  it('a rejected client secret surfaces as an error without the secret, and nothing reaches Graph', async () => {
    const wrongSecret = 'wrong~secret.0123456789abcdef';
    const bad = createGraphGateway({ ...fake.config, clientSecret: wrongSecret });
    const err = await bad.checkMemberGroups(USER, [REVIEWERS]).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GraphRequestError);
    assert.equal(err.status, undefined);
    assert.match(err.message, /^Graph checkMemberGroups failed: .*AADSTS7000215/);
    assert.ok(!err.message.includes(wrongSecret));
    assert.ok(tokenCalls().length >= 1 && tokenCalls().every((r) => r.status === 401));
    assert.equal(graphCalls().length, 0);
  });

  it('sendMail posts an HTML message from the mailbox, saved to Sent Items', async () => {
    await graph.sendMail('cpor@contoso.com', {
      subject: 'Your CPOR association',
      html: '<p>Hello <b>Fabrikam</b></p>',
      text: 'Hello Fabrikam',
      to: ['it@fabrikam.com', 'ceo@fabrikam.com'],
      cc: ['partner@contoso.com'],
    });
    const [call] = graphCalls();
    assert.equal(`${call.method} ${call.path} ${call.status}`, 'POST /v1.0/users/cpor%40contoso.com/sendMail 202');
    assert.equal(call.bearer, 'issued');
    assert.deepEqual(fake.sentMail, [
      {
        from: 'cpor@contoso.com',
        message: {
          subject: 'Your CPOR association',
          body: { contentType: 'HTML', content: '<p>Hello <b>Fabrikam</b></p>' },
          toRecipients: [{ emailAddress: { address: 'it@fabrikam.com' } }, { emailAddress: { address: 'ceo@fabrikam.com' } }],
          ccRecipients: [{ emailAddress: { address: 'partner@contoso.com' } }],
        },
        saveToSentItems: true,
      },
    ]);
  });

  it('sendMail does not retry a 504, which may come after the mail went out (no duplicate e-mails)', async () => {
    fake.failNext(504, { times: Infinity, retryAfterSeconds: 0 });
    const err = await graph.sendMail('cpor@contoso.com', { subject: 's', html: '<p>h</p>', to: ['it@fabrikam.com'] }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof GraphRequestError);
    assert.equal(err.status, 504);
    assert.match(err.message, /^Graph sendMail failed: HTTP 504/);
    assert.equal(graphCalls().length, 1);
  });

  describe('a Graph or token authority that never answers', () => {
    for (const [label, pathPart] of [
      ['Graph', '/sendMail'],
      ['the token endpoint', '/oauth2/v2.0/token'],
    ] as const) {
      it(`${label}: the call fails within OUTBOUND_TIMEOUT_MS, as a timeout, and the request is closed`, async () => {
        const timed = createGraphGateway({ ...fake.config, timeoutMs: 500 });
        // The endpoint never answers: a failure at all is the timeout's doing, and it says so.
        fake.hang(pathPart);
        const err = await timed.sendMail('notices@partner.example', { subject: 's', html: '<p>x</p>', to: ['jane@contoso.com'] }).then(
          () => assert.fail('expected a timeout'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof GraphRequestError);
        assert.equal(err.code, 'Timeout');
        assert.match(err.message, /Graph sendMail failed: no answer within 500 ms/);
        assert.ok(fake.hung.length >= 1, 'the hung endpoint was called');
        await until(() => fake.hung.every((h) => h.closed), 'the hung request to be aborted, not left open');
        assert.equal(fake.sentMail.length, 0);
      });
    }
  });

  describe('without a client secret: the managed identity (GRAPH_CREDENTIAL=managedIdentity)', () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
    beforeEach(() => {
      // What App Service sets for the process it runs.
      process.env.IDENTITY_ENDPOINT = fake.identity.endpoint;
      process.env.IDENTITY_HEADER = fake.identity.header;
    });
    afterEach(() => {
      restore('IDENTITY_ENDPOINT', saved.endpoint);
      restore('IDENTITY_HEADER', saved.header);
    });

    it("gets Graph's token from the platform's identity endpoint for the identity's client id, never from the authority", async () => {
      fake.domains.set('contoso.com', 'c0a1b2c3-1111-4111-8111-111111111111');
      const identityGraph = createGraphGateway({ ...fake.config, clientSecret: undefined });
      assert.equal(await identityGraph.findTenantIdByDomain('contoso.com'), 'c0a1b2c3-1111-4111-8111-111111111111');
      const identityCalls = fake.requests.filter((r) => r.path.startsWith('/msi/token'));
      assert.equal(identityCalls.length, 1);
      assert.equal(identityCalls[0].status, 200);
      assert.equal(new URL(identityCalls[0].path, fake.baseUrl).searchParams.get('client_id'), fake.config.clientId);
      assert.deepEqual(tokenCalls(), [], 'no client-credentials request to the authority');
      assert.equal(graphCalls()[0].bearer, 'issued');
    });
  });
});
