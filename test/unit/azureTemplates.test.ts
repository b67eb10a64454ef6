// The Azure templates (infra/azure.bicep, its parameters, m365agents.yml, env/.env.dev) held against the code, since
// no Bicep compiler runs here: every setting the bot reads in production is given by the App Service's settings or
// listed below as optional on purpose, and every Cosmos DB container the store opens is declared as the store
// defines it (partition key, unique keys, TTL).
import assert from 'node:assert/strict';
import { CONTAINER_DEFINITIONS } from '../../services/cosmosStore';
import { readProjectFile, variablesInConfigSource, variablesReadAtRuntime } from '../helpers/configVariables';

/** Read by services/config.ts but not set by the templates, each on purpose. */
const OPTIONAL_IN_AZURE: Record<string, string> = {
  PORT: 'App Service sets it',
  HOST: 'defaults to 0.0.0.0 once MicrosoftAppId is set',
  PLAYGROUND_PORT: 'the local Playground only',
  LOG_LEVEL: 'default info',
  DATA_DIR: 'only the local store and a generated link secret use it; LINK_SECRET is set',
  BOT_OPENID_METADATA_URL: 'the public cloud default',
  COSMOS_KEY: 'no account key: the managed identity has a data-plane role',
  LOCAL_COSMOS_PORT: 'the embedded store only',
  LOCAL_STORE_RECOVER: 'the embedded store only',
  GRAPH_CLIENT_SECRET: 'no secret: GRAPH_CREDENTIAL=managedIdentity',
  GRAPH_BASE_URL: 'the public cloud default',
  GRAPH_AUTHORITY_HOST: 'the public cloud default',
  ROLES_FILE: 'roles come from the ROLE_GROUP_* Entra groups',
  DEMO_MODE: 'never in production',
  M365_WORKLOADS: "the domain brief's catalogue",
  BIZAPPS_PRODUCTS: "the domain brief's catalogue",
  MAX_POE_MB: 'default 10',
  ORPHAN_FILE_HOURS: 'default 24',
  UNDO_SECONDS: 'default 60',
  READY_OUTBOX_MAX_AGE_MINUTES: 'default 15',
  SHUTDOWN_GRACE_SECONDS: 'default 10 (App Service waits 30 s after SIGTERM)',
  INVOKE_DEADLINE_MS: 'default 8000',
  BOT_SERVICE_URL: "the public cloud's Bot Connector",
  SCHEDULER_INTERVAL_SECONDS: 'default 60',
  OUTBOUND_TIMEOUT_MS: 'default 10000',
  OPT_OUT_BUSINESS_DAYS: "default 5, the domain's rule",
  PARTNER_RESPONSE_BUSINESS_DAYS: 'default 5',
  DISPUTE_DAYS: 'default 30',
  REVIEW_BUSINESS_DAYS: 'default 5',
  DIGEST_TIME: 'default 09:00',
  MAIL_OUTBOX_DIR: 'the local default only (e-mails go through Graph)',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'Azure Monitor receives the telemetry (APPLICATIONINSIGHTS_CONNECTION_STRING); an OTLP collector is optional',
  LINK_SECRET_PREVIOUS: 'set only while a link secret is being rotated (docs/operations.md)',
};

/** App settings that the platform or a library reads, not services/config.ts. */
const READ_BY_OTHERS: Record<string, string> = {
  AZURE_CLIENT_ID: "@azure/identity's DefaultAzureCredential: the user-assigned identity for Cosmos DB",
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'App Service: the zip is deployed already built',
};

const bicep = readProjectFile('infra/azure.bicep');

/** The lines of a Bicep block that starts with `opening` and ends at the next line holding only `closing`. */
function block(source: string, opening: string, closing: string): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.trim() === opening);
  assert.ok(start >= 0, `infra/azure.bicep has a line "${opening}"`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === closing);
  assert.ok(end > start, `infra/azure.bicep closes "${opening}" with "${closing}"`);
  return lines.slice(start + 1, end).filter((l) => l.trim() && !l.trim().startsWith('//'));
}

/** A one-line Bicep object literal of strings, numbers and arrays, as JSON. */
function bicepObject(line: string): Record<string, unknown> {
  const json = line
    .trim()
    .replace(/'((?:[^'\\]|\\.)*)'/g, (_, text: string) => JSON.stringify(text))
    .replace(/([{,]\s*)([A-Za-z_]\w*)\s*:/g, '$1"$2":');
  return JSON.parse(json) as Record<string, unknown>;
}

const appSettings = block(bicep, 'appSettings: [', ']').map((line) => {
  const name = /\{\s*name:\s*'([^']+)'/.exec(line)?.[1];
  assert.ok(name, `an app setting line names its setting: ${line.trim()}`);
  return { name, line };
});
const settingNames = new Set(appSettings.map((s) => s.name));
const configVariables = variablesInConfigSource();

describe('Azure templates against the code', () => {
  it('every variable services/config.ts reads is an App Service setting, or optional on purpose', () => {
    const missing = [...configVariables].filter((name) => !settingNames.has(name) && !(name in OPTIONAL_IN_AZURE));
    assert.deepEqual(
      missing,
      [],
      `services/config.ts reads ${missing.join(', ')}: set it in infra/azure.bicep appSettings, or list it in OPTIONAL_IN_AZURE with why`,
    );
  });

  it('every App Service setting is read by services/config.ts or by a named library, and nothing optional is also set', () => {
    const unread = [...settingNames].filter((name) => !configVariables.has(name) && !(name in READ_BY_OTHERS));
    assert.deepEqual(unread, [], `infra/azure.bicep sets ${unread.join(', ')}, which nothing reads`);
    const both = [...settingNames].filter((name) => name in OPTIONAL_IN_AZURE);
    assert.deepEqual(both, [], 'listed as optional but set by the template');
    const stale = Object.keys(OPTIONAL_IN_AZURE).filter((name) => !configVariables.has(name));
    assert.deepEqual(stale, [], 'listed as optional but no longer read by services/config.ts');
  });

  it('the scan of services/config.ts finds every variable it reads at start', () => {
    const unseen = [...variablesReadAtRuntime()].filter((name) => !configVariables.has(name));
    assert.deepEqual(unseen, [], `read without one of config.ts's readers (get, int, oneOf, url, guid, list): ${unseen.join(', ')}`);
  });

  it('the secrets come from Key Vault and Cosmos DB has no account key', () => {
    for (const name of ['MicrosoftAppPassword', 'LINK_SECRET']) {
      const setting = appSettings.find((s) => s.name === name);
      assert.match(setting?.line ?? '', /@Microsoft\.KeyVault\(SecretUri=/, `${name} is a Key Vault reference`);
    }
    assert.match(bicep, /disableLocalAuth: true/);
    assert.doesNotMatch(bicep, /listKeys|primaryMasterKey|COSMOS_KEY/);
    assert.match(bicep, /sqlRoleAssignments@[\s\S]*?principalId: identity\.properties\.principalId/, "the identity holds Cosmos DB's data-plane role");
    assert.match(bicep, /\{ name: 'AZURE_CLIENT_ID', value: identity\.properties\.clientId \}/);
    assert.match(bicep, /\{ name: 'GRAPH_CLIENT_ID', value: identity\.properties\.clientId \}/);
  });

  it('declares every container the store opens, with its partition key, unique keys and TTL', () => {
    const declared = block(bicep, 'var containers = [', ']').map(bicepObject);
    const expected = Object.values(CONTAINER_DEFINITIONS).map((definition) => {
      const d = definition as { id: string; partitionKey: { paths: string[] }; defaultTtl?: number; uniqueKeyPolicy?: { uniqueKeys: { paths: string[] }[] } };
      assert.equal(d.partitionKey.paths.length, 1, `${d.id}: one partition key path`);
      return {
        id: d.id,
        partitionKey: d.partitionKey.paths[0],
        defaultTtl: d.defaultTtl ?? null,
        uniqueKeys: (d.uniqueKeyPolicy?.uniqueKeys ?? []).map((k) => k.paths),
      };
    });
    const byId = (a: { id?: unknown }, b: { id?: unknown }) => String(a.id).localeCompare(String(b.id));
    assert.deepEqual([...declared].sort(byId), [...expected].sort(byId));
  });

  it('the database the bot is told to use is the one declared', () => {
    const name = /var cosmosDatabaseName = '([^']+)'/.exec(bicep)?.[1];
    assert.ok(name);
    assert.match(bicep, /\{ name: 'COSMOS_DATABASE', value: cosmosDatabaseName \}/);
  });

  it('the parameters file gives every parameter without a default, and only parameters the template has', () => {
    const params = [...bicep.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({ name: m[1], required: m[2] === undefined }));
    const given = Object.keys((JSON.parse(readProjectFile('infra/azure.parameters.json')) as { parameters: object }).parameters);
    const unknown = given.filter((name) => !params.some((p) => p.name === name));
    assert.deepEqual(unknown, [], 'infra/azure.parameters.json gives parameters the template does not declare');
    const missing = params.filter((p) => p.required && !given.includes(p.name)).map((p) => p.name);
    assert.deepEqual(missing, [], 'infra/azure.parameters.json misses required parameters');
  });

  it('every placeholder of the parameters is in env/.env.dev, or a secret of env/.env.dev.user, and m365agents.yml deploys these files', () => {
    const env = readProjectFile('env/.env.dev');
    const placeholders = [...readProjectFile('infra/azure.parameters.json').matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]);
    const absent = placeholders.filter((name) => !name.startsWith('SECRET_') && !new RegExp(`^${name}=`, 'm').test(env));
    assert.deepEqual(absent, [], 'placeholders without a line in env/.env.dev');
    const yml = readProjectFile('m365agents.yml');
    assert.match(yml, /- path: \.\/infra\/azure\.bicep\n\s+parameters: \.\/infra\/azure\.parameters\.json/);
    assert.match(yml, /environmentFolderPath: \.\/env/);
  });
});
