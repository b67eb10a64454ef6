import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../services/config';
import { variablesInConfigSource } from '../helpers/configVariables';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('config', () => {
  it('has a complete local default with no settings at all', () => {
    const config = loadConfig({}, '/srv/app');
    assert.equal(config.port, 3978);
    assert.equal(config.host, '127.0.0.1', 'unauthenticated local mode stays on loopback');
    assert.equal(config.dataDir, path.resolve('/srv/app/.data'));
    assert.equal(config.cosmos.endpoint, undefined);
    assert.equal(config.cosmos.database, 'cpor');
    assert.equal(config.graph, undefined);
    assert.equal(config.bot.appId, undefined);
    assert.equal(config.logLevel, 'info');
  });

  it('reads production settings and listens on all interfaces once an app id is set', () => {
    const config = loadConfig({
      PORT: '8080',
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppType: 'singletenant',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      COSMOS_ENDPOINT: 'https://cpor.documents.azure.com:443/',
      GRAPH_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      GRAPH_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
      GRAPH_CLIENT_SECRET: 'x',
      ROLE_GROUP_REVIEWER: 'a1b2c3d4-0000-4000-8000-000000000001',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.bot.appType, 'SingleTenant');
    assert.equal(config.cosmos.endpoint, 'https://cpor.documents.azure.com:443');
    assert.equal(config.cosmos.key, undefined, 'no key: managed identity');
    assert.equal(config.graph?.baseUrl, 'https://graph.microsoft.com/v1.0');
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'abc',
      MicrosoftAppId: 'not-a-guid',
      MicrosoftAppType: 'Sometimes',
      LOG_LEVEL: 'loud',
      COSMOS_ENDPOINT: 'http://cosmos.example.com',
      GRAPH_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
    });
    const text = problems.join('\n');
    for (const name of ['PORT', 'MicrosoftAppId', 'MicrosoftAppType', 'LOG_LEVEL', 'COSMOS_ENDPOINT', 'GRAPH_TENANT_ID']) {
      assert.match(text, new RegExp(name), `${name} is named`);
    }
    assert.ok(problems.length >= 6);
  });

  it('requires the password and tenant that the app type needs', () => {
    const problems = problemsOf({ MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppType: 'SingleTenant' });
    assert.ok(problems.some((p) => p.startsWith('MicrosoftAppPassword is required')));
    assert.ok(problems.some((p) => p.startsWith('MicrosoftAppTenantId is required')));
  });

  it('reads LINK_SECRET_PREVIOUS only beside a LINK_SECRET, each at least 32 characters', () => {
    const secret = 'x'.repeat(32);
    assert.equal(loadConfig({ LINK_SECRET: secret, LINK_SECRET_PREVIOUS: 'y'.repeat(32) }).linkSecretPrevious, 'y'.repeat(32));
    assert.ok(problemsOf({ LINK_SECRET_PREVIOUS: secret }).some((p) => p.startsWith('LINK_SECRET_PREVIOUS is set but LINK_SECRET is not')));
    assert.ok(problemsOf({ LINK_SECRET: secret, LINK_SECRET_PREVIOUS: 'short' }).some((p) => p.startsWith('LINK_SECRET_PREVIOUS must be at least 32')));
  });

  describe('Graph through the managed identity (GRAPH_CREDENTIAL=managedIdentity)', () => {
    const ids = { GRAPH_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47', GRAPH_CLIENT_ID: '11111111-2222-4333-8444-555555555555' };

    it("needs the tenant and the identity's client id, and no secret", () => {
      const graph = loadConfig({ GRAPH_CREDENTIAL: 'managedIdentity', ...ids }).graph;
      assert.equal(graph?.clientId, ids.GRAPH_CLIENT_ID);
      assert.equal(graph?.clientSecret, undefined);
    });

    it('refuses a secret beside it, and a missing client id', () => {
      assert.ok(
        problemsOf({ GRAPH_CREDENTIAL: 'managedIdentity', ...ids, GRAPH_CLIENT_SECRET: 's' }).some((p) => p.startsWith('GRAPH_CLIENT_SECRET is set but')),
      );
      assert.ok(problemsOf({ GRAPH_CREDENTIAL: 'managedIdentity', GRAPH_TENANT_ID: ids.GRAPH_TENANT_ID }).some((p) => /also set GRAPH_CLIENT_ID/.test(p)));
      assert.ok(problemsOf({ GRAPH_CREDENTIAL: 'managedIdentity' }).some((p) => p.startsWith('GRAPH_CREDENTIAL=managedIdentity needs')));
    });

    it('without it, the tenant and client id alone are still a partly configured Graph', () => {
      assert.ok(problemsOf(ids).some((p) => /also set GRAPH_CLIENT_SECRET/.test(p)));
    });
  });

  describe('demo mode (every user has every role) with an app id', () => {
    const production = { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 's3cret' };

    it('refuses to start with an app id and no role source', () => {
      const problems = problemsOf(production);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^MicrosoftAppId is set but no role source is: set ROLE_GROUP_\* \(or ROLES_FILE\), or DEMO_MODE=true/);
    });

    it('starts in demo mode only when DEMO_MODE=true says so', () => {
      assert.equal(loadConfig({ ...production, DEMO_MODE: 'true' }).roles.demo, true);
      assert.deepEqual(problemsOf({ ...production, DEMO_MODE: 'false' }).length, 1);
      assert.match(problemsOf({ ...production, DEMO_MODE: 'yes' }).join('\n'), /DEMO_MODE="yes" must be one of true, false/);
    });

    it('refuses DEMO_MODE=true together with a role source', () => {
      const problems = problemsOf({ DEMO_MODE: 'true', ROLES_FILE: '/dev/null' });
      assert.ok(
        problems.some((p) => /DEMO_MODE=true and a role source/.test(p)),
        problems.join('\n'),
      );
    });

    it('without an app id (local default), demo mode needs no setting', () => {
      assert.equal(loadConfig({}).roles.demo, false);
      assert.equal(loadConfig({}).roles.mapping, undefined);
    });
  });

  it('telemetry: off by default; Azure Monitor needs a connection string, OTLP an http(s) endpoint', () => {
    assert.deepEqual(loadConfig({}).telemetry, { azureMonitorConnectionString: undefined, otlpEndpoint: undefined });
    const set = loadConfig({
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=abc;IngestionEndpoint=https://x',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    assert.deepEqual(set.telemetry, {
      azureMonitorConnectionString: 'InstrumentationKey=abc;IngestionEndpoint=https://x',
      otlpEndpoint: 'http://collector:4318',
    });
    assert.deepEqual(problemsOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'abc', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }), [
      "APPLICATIONINSIGHTS_CONNECTION_STRING must be the resource's connection string (InstrumentationKey=…;IngestionEndpoint=…)",
      'OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" must be an http:// or https:// URL (e.g. http://localhost:4318)',
    ]);
  });

  it('accepts http:// Cosmos only on loopback (a local emulator)', () => {
    assert.equal(loadConfig({ COSMOS_ENDPOINT: 'http://localhost:8081' }).cosmos.endpoint, 'http://localhost:8081');
    assert.deepEqual(problemsOf({ PORT: '70000' }), ['PORT="70000" must be a whole number from 0 to 65535']);
  });
});

describe('.env.example', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const root = path.resolve(__dirname, '..', '..', '..');
  const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');

  it('documents every variable the configuration module reads', () => {
    const read = variablesInConfigSource();
    assert.ok(read.size >= 15, `found ${read.size} variables`);
    for (const name of read) assert.match(example, new RegExp(`^#? ?${name}=`, 'm'), `${name} documented`);
  });

  it('is a valid configuration as it stands', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const values = (require('dotenv') as typeof import('dotenv')).parse(example);
    assert.doesNotThrow(() => loadConfig(values));
  });
});
