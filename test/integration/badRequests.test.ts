// Bad requests on /api/messages get 400 or 401 with a plain body and one log line, never 500 with a library's
// message or a stack trace on the console. Tokens are checked for real: the Bot Framework's OpenID metadata and
// signing key are served by a local fake on 127.0.0.1 (BOT_OPENID_METADATA_URL), and a correctly signed token is
// accepted, so the refusals below are the token's fault, not the setup's.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { startTestApp, testConfig } from '../helpers/testApp';
import { alice, message, post, uninstalled } from '../helpers/activities';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

const APP_ID = '11111111-2222-4333-8444-555555555555';
const KID = 'cpor-test-key';
const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, signWith: (data: string) => string): string {
  const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${data}.${signWith(data)}`;
}

/** What the process writes to stdout and stderr during `run` (the app logs to memory here: it must print nothing). */
async function consoleDuring<T>(run: () => Promise<T>): Promise<{ result: T; printed: string[] }> {
  const printed: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write };
  const capture = ((chunk: unknown) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { result: await run(), printed };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

describe('bad requests on /api/messages', function () {
  this.timeout(30_000);
  let connector: LocalConnector;
  let app: TestApp;
  let metadata: http.Server;
  let privateKey: KeyObject;
  let publicPem: string;

  before(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey;
    publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const jwk = pair.publicKey.export({ format: 'jwk' });
    let origin = '';
    metadata = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
      else res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${origin}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    connector = await startLocalConnector();
    app = await startTestApp(
      testConfig({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        HOST: '127.0.0.1',
        DEMO_MODE: 'true',
        BOT_OPENID_METADATA_URL: `${origin}/openid`,
      }),
    );
  });
  after(async () => {
    await app.close();
    await connector.close();
    await new Promise<void>((resolve) => metadata.close(() => resolve()));
  });

  const claims = () => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, exp: now + 600, serviceurl: connector.serviceUrl };
  };
  const rs256 = (data: string) => sign('sha256', Buffer.from(data), privateKey).toString('base64url');
  const warnLines = (msg: string) => app.logs().filter((l) => l.msg === msg);

  it('accepts a correctly signed token (the fake authority works)', async () => {
    const token = jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, claims(), rs256);
    // An activity the bot answers nothing to: a reply would need a token from Entra ID, which is not on loopback.
    const res = await post(app.url, uninstalled(alice, connector.serviceUrl), { authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    assert.ok(
      app.logs().some((l) => l.msg === 'turn' && l.type === 'installationUpdate'),
      'the turn ran',
    );
  });

  const forged: [string, () => string][] = [
    ['alg "none"', () => jwt({ alg: 'none', typ: 'JWT', kid: KID }, claims(), () => '')],
    [
      'HS256 keyed with the public key (algorithm confusion)',
      () => jwt({ alg: 'HS256', typ: 'JWT', kid: KID }, claims(), (d) => createHmac('sha256', publicPem).update(d).digest('base64url')),
    ],
    ['an unknown signing key', () => jwt({ alg: 'RS256', typ: 'JWT', kid: 'someone-elses-key' }, claims(), rs256)],
    ['a token for another bot', () => jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, { ...claims(), aud: '99999999-2222-4333-8444-555555555555' }, rs256)],
    ['an expired token', () => jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, { ...claims(), nbf: 1_000_000, exp: 1_000_600 }, rs256)],
  ];
  for (const [label, token] of forged) {
    it(`refuses ${label} with 401, a plain body, one log line and nothing on the console`, async () => {
      const before = warnLines('unauthenticated request on /api/messages').length;
      const { result: res, printed } = await consoleDuring(() =>
        post(app.url, message(alice, 'help', connector.serviceUrl), { authorization: `Bearer ${token()}` }),
      );
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { message: 'Unauthorized.' });
      assert.deepEqual(printed, [], 'nothing printed to the console');
      const lines = warnLines('unauthenticated request on /api/messages');
      assert.equal(lines.length, before + 1, 'one log line');
      // The library prints when the token's signature or lifetime fails, not when its key or audience is unknown.
      if (!/unknown signing key|another bot/.test(label)) {
        assert.match(String(lines.at(-1)?.printed), /token|jwt/i, `what the token validation printed is folded into it: ${JSON.stringify(lines.at(-1))}`);
      }
    });
  }

  it('refuses an activity without a type (or not an activity at all) with 400 and one log line', async () => {
    const token = jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, claims(), rs256);
    const { type: _type, ...untyped } = message(alice, 'help', connector.serviceUrl);
    for (const body of [untyped, ['not', 'an', 'activity'], { ...untyped, type: 42 }]) {
      const before = warnLines('bad request on /api/messages').length;
      const { result: res, printed } = await consoleDuring(() => post(app.url, body as never, { authorization: `Bearer ${token}` }));
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { message: string }).message, /^Bad request: /);
      assert.deepEqual(printed, []);
      assert.equal(warnLines('bad request on /api/messages').length, before + 1);
    }
  });
});

describe('a token authority that never answers', function () {
  this.timeout(30_000);
  let app: TestApp;
  let hanging: http.Server;
  before(async () => {
    hanging = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    app = await startTestApp(
      testConfig({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        HOST: '127.0.0.1',
        DEMO_MODE: 'true',
        OUTBOUND_TIMEOUT_MS: '500',
        BOT_OPENID_METADATA_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/openid`,
      }),
    );
  });
  after(async () => {
    await app.close();
    await new Promise<void>((resolve) => {
      hanging.close(() => resolve());
      hanging.closeAllConnections();
    });
  });

  it('the token cannot be checked: 503 within OUTBOUND_TIMEOUT_MS, not a request held forever', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt({ alg: 'RS256', typ: 'JWT', kid: KID }, { iss: 'https://api.botframework.com', aud: APP_ID, nbf: now, exp: now + 600 }, () => 'c2ln');
    // The metadata server never answers: an answer at all is the deadline's doing.
    const res = await post(app.url, message(alice, 'help', 'http://127.0.0.1:9/'), { authorization: `Bearer ${token}` });
    assert.equal(res.status, 503);
    assert.match(((await res.json()) as { message: string }).message, /Cannot check the request's token right now/);
  });
});

describe('bad card actions', function () {
  this.timeout(30_000);
  let connector: LocalConnector;
  let app: TestApp;
  before(async () => {
    connector = await startLocalConnector();
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
    await connector.close();
  });
  const click = (verb: string, data: Record<string, unknown>) =>
    post(app.url, {
      ...message(alice, '', connector.serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
    });

  for (const verb of ['claim.open', 'claim.withdraw', 'claim.dispute', 'claim.comment', 'claim.edit', 'review.start', 'review.refresh']) {
    // Refused at the verb's payload check, before any lookup: the data is not what the verb's button sends.
    it(`${verb} without a claimId: 400 "data I do not expect"`, async () => {
      const res = await click(verb, { reason: 'x', comment: 'x' });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { statusCode: number; value: { message: string } };
      assert.equal(body.statusCode, 400);
      assert.match(body.value.message, /sent data I do not expect[^]*Nothing was changed/);
    });
  }

  for (const continuation of ['[]', '{"token":1}', '1', '99999999999', '{"compositeToken":"x","orderByItems":[{"item":1}],"rid":"x","skipCount":-5}']) {
    it(`a forged list page token ${continuation}: 400 "open the list again"`, async () => {
      const res = await click('claim.list', { continuation });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { statusCode: number; value: { message: string } };
      assert.match(body.value.message, /This page of the list is no longer valid/);
    });
  }
});
