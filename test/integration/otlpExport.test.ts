// The bot process exporting over OTLP http/json to a receiver on 127.0.0.1 (a few lines of HTTP server recording
// what is POSTed to /v1/traces and /v1/metrics), and the same process without any exporter configured: no SDK.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { alice, message, post } from '../helpers/activities';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { tempDir } from '../helpers/testApp';
import { clockEnv } from '../helpers/botProcess';
import { until } from '../helpers/until';

interface Received {
  path: string;
  contentType: string;
  body: unknown;
}

const TLS_DIR = path.resolve(__dirname, '../../../test/fixtures/tls');

/** Records every request; over HTTPS (the test certificate, trusted through NODE_EXTRA_CA_CERTS) with `tls`. */
async function startReceiver(opts: { tls?: boolean } = {}): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const record: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8');
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: /^[[{]/.test(text) ? JSON.parse(text) : text });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  };
  const server = opts.tls
    ? https.createServer({ cert: fs.readFileSync(path.join(TLS_DIR, 'server.pem')), key: fs.readFileSync(path.join(TLS_DIR, 'server-key.pem')) }, record)
    : http.createServer(record);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const entry = path.resolve(__dirname, '..', '..', 'index.js');
const hook = path.resolve(__dirname, '..', 'helpers', 'loadedModulesHook.js');
const SDK_MODULE = /node_modules\/(@opentelemetry\/(sdk-|exporter-|resources)|@azure\/monitor-opentelemetry)/;

/** Starts `node dist/index.js` with `env`, says one "help" to it, stops it with SIGTERM; returns what it loaded. */
async function runBotOnce(
  env: Record<string, string>,
  connector: LocalConnector,
  whileRunning: () => Promise<void> = async () => undefined,
): Promise<string[]> {
  const modulesFile = path.join(tempDir(), 'modules.json');
  const child = spawn(process.execPath, ['-r', hook, entry], {
    env: {
      PATH: process.env.PATH ?? '',
      ...clockEnv(),
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      PORT: '0',
      DATA_DIR: tempDir(),
      LOADED_MODULES_FILE: modulesFile,
      ...env,
    },
    cwd: tempDir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await until(() => /listening on (http:\S+)\/api\/messages/.test(out), 'the start banner', 20_000);
    const url = /listening on (http:\S+)\/api\/messages/.exec(out)![1];
    assert.equal((await post(url, message(alice, 'help', connector.serviceUrl))).status, 200);
    await whileRunning();
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, out);
  return JSON.parse(fs.readFileSync(modulesFile, 'utf8')) as string[];
}

interface OtlpSpan {
  name: string;
}
interface OtlpMetric {
  name: string;
}
const spansIn = (r: Received) =>
  ((r.body as { resourceSpans?: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans ?? []).flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans));
const metricsIn = (r: Received) =>
  ((r.body as { resourceMetrics?: { scopeMetrics: { metrics: OtlpMetric[] }[] }[] }).resourceMetrics ?? []).flatMap((rm) =>
    rm.scopeMetrics.flatMap((s) => s.metrics),
  );
const serviceNameIn = (r: Received) =>
  JSON.stringify(
    (r.body as { resourceSpans?: { resource: unknown }[]; resourceMetrics?: { resource: unknown }[] }).resourceSpans?.[0]?.resource ??
      (r.body as { resourceMetrics?: { resource: unknown }[] }).resourceMetrics?.[0]?.resource,
  );

describe('OTLP export from the bot process', function () {
  this.timeout(60_000);
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let connector: LocalConnector;
  beforeEach(async () => {
    receiver = await startReceiver();
    connector = await startLocalConnector();
  });
  afterEach(async () => {
    await receiver.close();
    await connector.close();
  });

  it('sends its traces and metrics as http/json to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const traces = () => receiver.received.filter((r) => r.path === '/v1/traces');
    const metrics = () => receiver.received.filter((r) => r.path === '/v1/metrics');
    const loaded = await runBotOnce(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '300',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      connector,
      // While it runs: the periodic export, gauges included (the last spans may only leave at shutdown).
      () => until(() => metrics().some((r) => metricsIn(r).some((m) => m.name === 'cpor.review_queue.size')), 'a periodic metrics export', 20_000),
    );
    assert.ok(
      loaded.some((m) => SDK_MODULE.test(m)),
      'the SDK was loaded',
    );
    for (const r of [...traces(), ...metrics()]) assert.equal(r.contentType, 'application/json');
    const spanNames = new Set(
      traces()
        .flatMap(spansIn)
        .map((s) => s.name),
    );
    for (const name of ['POST /api/messages', 'turn message']) assert.ok(spanNames.has(name), `${name} among ${[...spanNames].join(', ')}`);
    const metricNames = new Set(
      metrics()
        .flatMap(metricsIn)
        .map((m) => m.name),
    );
    for (const name of ['cpor.turn.duration', 'http.server.request.duration', 'db.client.operation.duration', 'cpor.notices.waiting', 'cpor.scheduler.lag']) {
      assert.ok(metricNames.has(name), `${name} among ${[...metricNames].join(', ')}`);
    }
    assert.match(serviceNameIn(traces()[0]), /"service\.name".*"cpor-assistant"/);
  });

  it("sends its traces and metrics to Azure Monitor's ingestion endpoint (APPLICATIONINSIGHTS_CONNECTION_STRING)", async () => {
    // Azure Monitor's exporter speaks HTTPS only.
    await receiver.close();
    receiver = await startReceiver({ tls: true });
    // Application Insights envelopes: requests and dependencies by their name, metrics by theirs.
    const names = () =>
      receiver.received
        .filter((r) => r.path.endsWith('/track'))
        .flatMap((r) => [...JSON.stringify(r.body).matchAll(/"baseData":\{"ver":2,(?:"id":"\w+",)?(?:"metrics":\[\{)?"name":"([^"]*)"/g)].map((m) => m[1]));
    await runBotOnce(
      {
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=${receiver.url}/`,
        // Azure Monitor's own usage reports go to Microsoft: not from a test.
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        // Azure Monitor's default keeps 5 traces a second: the start's store requests would use them up.
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_METRIC_EXPORT_INTERVAL: '300',
      },
      connector,
      () => until(() => names().includes('cpor.review_queue.size'), 'a periodic metrics export', 20_000),
    );
    for (const name of ['POST /api/messages', 'turn message', 'cpor.turn.duration', 'db.client.operation.duration']) {
      assert.ok(names().includes(name), `${name} among ${names().join(', ')}`);
    }
  });

  it('without an exporter configured, starts no SDK and sends nothing', async () => {
    const loaded = await runBotOnce({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, connector);
    assert.deepEqual(
      loaded.filter((m) => SDK_MODULE.test(m)),
      [],
    );
    assert.ok(
      loaded.some((m) => m.includes('@opentelemetry/api')),
      'the API (its no-ops) is all there is',
    );
    assert.deepEqual(receiver.received, []);
  });
});
