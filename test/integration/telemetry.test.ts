// OpenTelemetry with an in-memory SDK: the span tree and metrics of one turn through the real server, the operator's
// gauges read from the real store, and a whole claim whose spans and log lines name no person and no e-mail address.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Claim } from '../../services/domain/claim';
import { FakeClock } from '../../services/clock';
import { createGraphGateway } from '../../services/graph';
import { startFakeGraph, type FakeGraph } from '../helpers/fakeGraph';
import { registerGauges, storeGaugeSources } from '../../services/observability/gauges';
import { alice, message, post } from '../helpers/activities';
import { openWorld, TEST_NOW, type BotWorld } from '../helpers/chat';
import { claimIn } from '../helpers/claims';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { createClaimOverHttp, reviewerClicks } from '../helpers/httpClaims';
import { pointsOf, startMemoryTelemetry, type MemoryTelemetry } from '../helpers/telemetry';
import { memoryLogger, startTestApp, testConfig } from '../helpers/testApp';
import { until } from '../helpers/until';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** Whether `span` descends from `ancestor` among `spans`. */
function descendsFrom(span: ReadableSpan, ancestor: ReadableSpan, spans: ReadableSpan[]): boolean {
  for (let s: ReadableSpan | undefined = span; s; s = spans.find((p) => idOf(p) === parentOf(s))) {
    if (parentOf(s) === idOf(ancestor)) return true;
  }
  return false;
}

describe('telemetry (in-memory OpenTelemetry SDK)', function () {
  this.timeout(120_000);
  let telemetry: MemoryTelemetry;
  let connector: LocalConnector;
  // Each suite has an SDK of its own, registered before what it observes starts.
  const observe = () =>
    before(async () => {
      telemetry = startMemoryTelemetry();
      connector = await startLocalConnector();
    });
  const stopObserving = () =>
    after(async () => {
      await connector.close();
      await telemetry.close();
    });

  describe('one turn through the server', () => {
    let app: TestApp;
    observe();
    before(async () => (app = await startTestApp()));
    after(async () => app.close());
    stopObserving();

    it('is a route span holding the turn span holding its store requests, measured, and its log line names the trace', async () => {
      const activity = message(alice, 'help', connector.serviceUrl);
      assert.equal((await post(app.url, activity)).status, 200);
      const route = () => telemetry.spans().find((s) => s.attributes['http.route'] === '/api/messages');
      await until(() => route() !== undefined, 'the route span ended');

      const spans = telemetry.spans();
      const server = route()!;
      assert.equal(server.kind, SpanKind.SERVER);
      assert.equal(server.name, 'POST /api/messages');
      assert.equal(server.attributes['http.response.status_code'], 200);
      const turn = spans.find((s) => s.name === 'turn message');
      assert.ok(turn, `a turn span among ${spans.map((s) => s.name).join(', ')}`);
      assert.equal(parentOf(turn), idOf(server), 'the turn runs inside the route');
      const storeRequests = spans.filter((s) => s.attributes['db.system.name'] === 'azure.cosmosdb' && descendsFrom(s, turn, spans));
      assert.ok(storeRequests.length > 0, 'the turn reads and writes the store');
      for (const s of storeRequests) {
        assert.equal(s.kind, SpanKind.CLIENT);
        assert.equal(s.spanContext().traceId, turn.spanContext().traceId);
        assert.ok(s.attributes['db.collection.name'], `${s.name} names its container`);
      }
      assert.ok(storeRequests.some((s) => s.attributes['db.operation.name'] === 'read' && s.attributes['db.collection.name'] === 'botState'));

      const metrics = await telemetry.metrics();
      const turns = pointsOf(metrics, 'cpor.turn.duration').filter((p) => p.attributes['cpor.activity.type'] === 'message');
      assert.equal(turns.length, 1);
      assert.equal((turns[0].value as { count: number }).count, 1, 'one message turn measured');
      const requests = pointsOf(metrics, 'http.server.request.duration').filter((p) => p.attributes['http.route'] === '/api/messages');
      assert.equal((requests[0]?.value as { count: number } | undefined)?.count, 1);
      const store = pointsOf(metrics, 'db.client.operation.duration');
      assert.ok(store.reduce((n, p) => n + (p.value as { count: number }).count, 0) >= storeRequests.length, 'every store request measured');

      const line = app.logs().find((l) => l.msg === 'turn' && l.activityId === activity.id);
      assert.equal(line?.trace_id, turn.spanContext().traceId, 'the turn log line carries its trace id');
      assert.equal(line?.span_id, idOf(turn));
    });
  });

  describe('the gauges', () => {
    let world: BotWorld;
    let stop: () => void;
    observe();
    before(async () => {
      world = await openWorld({}, undefined, new FakeClock(TEST_NOW));
      stop = registerGauges(storeGaugeSources(world.deps.claims), world.clock, memoryLogger().log);
    });
    after(async () => {
      stop();
      await world.close();
    });
    stopObserving();

    const gauge = async (name: string) => {
      const points = pointsOf(await telemetry.metrics(), name);
      assert.equal(points.length, 1, `${name} observed once`);
      return points[0].value;
    };

    it('count the notices waiting, the claims waiting for a reviewer and how late the scheduler is, with their ages', async () => {
      assert.equal(await gauge('cpor.notices.waiting'), 0);
      assert.equal(await gauge('cpor.review_queue.size'), 0);
      assert.equal(await gauge('cpor.scheduler.lag'), 0);

      const submitted: Claim = await claimIn(world, 'Submitted');
      const asking: Claim = await claimIn(world, 'PartnerActionRequired');
      world.clock.set(new Date(Date.parse(asking.partnerActionDeadline ?? '') + 90_000));
      const now = world.clock.now().getTime();

      const pending = [submitted, asking].flatMap((c) => c.notices).filter((n) => !n.deliveredAt);
      assert.equal(await gauge('cpor.notices.waiting'), pending.length);
      const oldestNotice = Math.min(...pending.map((n) => Date.parse(n.createdAt)));
      assert.equal(await gauge('cpor.notices.oldest_age'), (now - oldestNotice) / 1000);
      assert.equal(await gauge('cpor.review_queue.size'), 1, 'the Submitted claim (the other waits for its partner)');
      assert.equal(await gauge('cpor.review_queue.oldest_age'), (now - Date.parse(submitted.reviewQueuedAt ?? '')) / 1000);
      assert.equal(await gauge('cpor.scheduler.lag'), 90, 'the partner answer 90 s overdue, not yet expired');
    });
  });

  describe('Graph', () => {
    let fake: FakeGraph;
    observe();
    before(async () => (fake = await startFakeGraph()));
    after(async () => fake.close());
    stopObserving();

    it('each operation is a client span named by it, without its arguments; a failed one says how it failed', async () => {
      const graph = createGraphGateway(fake.config);
      fake.domains.set('contoso.com', 'c0a1b2c3-1111-4111-8111-111111111111');
      await graph.findTenantIdByDomain('contoso.com');
      fake.failNext(403);
      await assert.rejects(graph.sendMail('nobody@contoso.com', { subject: 'Hello Ottavia', html: '<p>hi</p>', to: ['ottavia@contoso.com'] }));

      const spans = telemetry.spans().filter((s) => s.name.startsWith('graph '));
      assert.deepEqual(
        spans.map((s) => [s.name, s.kind, s.status.code, s.attributes['error.type']]),
        [
          ['graph findTenantIdByDomain', SpanKind.CLIENT, SpanStatusCode.UNSET, undefined],
          ['graph sendMail', SpanKind.CLIENT, SpanStatusCode.ERROR, '403'],
        ],
      );
      assert.doesNotMatch(JSON.stringify(spans.map((s) => [s.attributes, s.events, s.status])), /contoso|ottavia|hello/i);
    });
  });

  describe('a whole claim', () => {
    let app: TestApp;
    const clock = new FakeClock('2026-11-25T10:00:00Z', { ticking: true });
    observe();
    before(async () => (app = await startTestApp(testConfig({ SCHEDULER_INTERVAL_SECONDS: '1' }), clock)));
    after(async () => app.close());
    stopObserving();

    it('from chat to opt-out leaves no name, e-mail address or message text in any span or log line', async () => {
      const customer: [string, string, string] = ['Ottavia Quercioli', 'CTO', 'ottavia.quercioli@contoso.it'];
      const claim = await createClaimOverHttp(app, connector, 'Intune', customer);
      assert.equal((await reviewerClicks(app, connector, 'review.start', claim)).statusCode, 200);
      assert.equal((await reviewerClicks(app, connector, 'review.approve', claim)).statusCode, 200);
      const outbox = app.config.mailOutboxDir;
      let link: string | undefined;
      await until(() => {
        const eml = fs.existsSync(outbox) ? fs.readdirSync(outbox).find((f) => f.endsWith('.eml')) : undefined;
        const body = eml ? fs.readFileSync(`${outbox}/${eml}`, 'latin1').replace(/=\r?\n/g, '') : '';
        link = /(http:\/\/[^\s"<>]+\/optout\/[A-Za-z0-9._-]+)/.exec(body)?.[1];
        return link !== undefined;
      }, 'the customer e-mail');
      // The confirmation page's Decline.
      const decline = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=decline' };
      assert.equal((await fetch(link!, decline)).status, 200);
      await until(() => connector.received.some((r) => /customer declined/.test(r.activity.text ?? '')), 'the partner told');
      await until(() => telemetry.spans().some((s) => s.attributes['http.route']?.toString().startsWith('/optout')), 'the opt-out route span');

      const spans = telemetry.spans();
      // What the claim went through is in the traces, by claim id and verb…
      const kinds = new Set(spans.filter((s) => s.name.startsWith('notice.send')).map((s) => s.attributes['cpor.notice.kind']));
      for (const kind of ['reviewCard', 'customer', 'partner']) assert.ok(kinds.has(kind), `a ${kind} notice span`);
      assert.ok(spans.some((s) => s.attributes['cpor.verb'] === 'review.approve' && s.attributes['cpor.claim.id'] === claim.id));
      // …and nobody: not the customer, the partner's people, the reviewer, nor what they typed.
      const people = [customer[0], customer[2], 'Ottavia', 'Quercioli', 'Alice Rossi', 'Rossi', 'alice@partner.example', 'Rita Reviewer', 'Contoso Intune'];
      const recorded = spans.map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links }));
      const logs = app.logs().map((l) => JSON.stringify(l));
      for (const [where, texts] of [
        ['span', recorded],
        ['log line', logs],
      ] as const) {
        for (const text of texts) {
          for (const word of people) assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `a ${where} names "${word}": ${text}`);
          assert.doesNotMatch(text, /[\w.+-]+@[\w-]+\.[\w.-]+/, `a ${where} carries an e-mail address`);
        }
      }
      assert.ok(
        logs.some((l) => l.includes('"trace_id"')),
        'log lines carry trace ids',
      );
    });
  });
});
