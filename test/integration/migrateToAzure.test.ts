// `npm run migrate-to-azure` copies the local data folder's documents into another Cosmos DB account: here from one
// embedded store into a second, empty one (the same wire protocol as Azure). Every document of every container
// arrives with its id, partition key and fields; the bot's own code reads the claim and the file back from the
// copy; a second run changes nothing; the command refuses without a target and while a bot holds the data folder.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { copyStore } from '../../scripts/migrateToAzure';
import { CONTAINER_DEFINITIONS, type ContainerName, type Containers } from '../../services/cosmosStore';
import { FileStore } from '../../services/fileStore';
import { openWorld, type BotWorld } from '../helpers/chat';
import { claimIn } from '../helpers/claims';
import { TENANT } from '../helpers/activities';
import { PROJECT_ROOT } from '../helpers/configVariables';

const run = promisify(execFile);
const SCRIPT = path.join(PROJECT_ROOT, 'dist', 'scripts', 'migrateToAzure.js');
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];
const withoutSystemFields = (doc: object) => Object.fromEntries(Object.entries(doc).filter(([field]) => !SYSTEM_FIELDS.includes(field)));

/** Every document of every container, system fields removed, ordered by id. */
async function contents(containers: Containers): Promise<Record<string, Record<string, unknown>[]>> {
  const result: Record<string, Record<string, unknown>[]> = {};
  for (const name of Object.keys(CONTAINER_DEFINITIONS) as ContainerName[]) {
    const { resources } = await containers[name].items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll();
    result[name] = resources.map(withoutSystemFields).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return result;
}

describe('migrate-to-azure (integration, two embedded stores)', () => {
  let local: BotWorld;
  let azure: BotWorld;
  after(async () => {
    await local?.close();
    await azure?.close();
  });

  it('copies every document of every container, readable by the bot from the copy, and a second run changes nothing', async () => {
    local = await openWorld();
    azure = await openWorld();
    const claim = await claimIn(local, 'Approved');
    const file = await new FileStore(local.store.containers.files, local.clock).save({
      fileName: 'sow.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from('%PDF-1.4 signed SOW'),
    });
    await local.store.containers.conversations.items.upsert({ id: `personal:${TENANT}:29:alice`, reference: { conversation: { id: 'a:1' } } });
    await local.store.containers.botState.items.upsert({ id: 'dedupe-activity-1', ttl: 86_400 });
    const before = await contents(local.store.containers);
    for (const name of Object.keys(before)) assert.ok(before[name].length > 0, `the local ${name} container has documents to copy`);

    const counts = await copyStore(local.store.containers, azure.store.containers);
    assert.deepEqual(counts, Object.fromEntries(Object.entries(before).map(([name, docs]) => [name, docs.length])));
    assert.deepEqual(await contents(azure.store.containers), before);

    const copied = await azure.deps.claims.get(TENANT, claim.id);
    assert.equal(copied?.status, 'Approved');
    assert.ok(copied);
    assert.deepEqual(withoutSystemFields(copied), withoutSystemFields(claim), 'the claim as the bot reads it, its ETag and timestamp aside');
    assert.equal((await new FileStore(azure.store.containers.files, azure.clock).read(file.fileId))?.bytes.toString(), '%PDF-1.4 signed SOW');

    await copyStore(local.store.containers, azure.store.containers);
    assert.deepEqual(await contents(azure.store.containers), before, 'a second run writes the same documents, adds none');
  });

  it('the command names the missing target, and refuses while a bot holds the data folder', async () => {
    const fail = (env: Record<string, string>) =>
      run(process.execPath, [SCRIPT], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, ...env } }).then(
        () => assert.fail('the command succeeded'),
        (err: { code: number; stderr: string }) => err,
      );
    const noTarget = await fail({ DATA_DIR: local.config.dataDir });
    assert.equal(noTarget.code, 1);
    assert.match(noTarget.stderr, /COSMOS_ENDPOINT is not set/);

    const held = await fail({ DATA_DIR: local.config.dataDir, COSMOS_ENDPOINT: 'https://cpor.documents.azure.com:443/', COSMOS_KEY: 'a2V5' });
    assert.equal(held.code, 1);
    assert.match(held.stderr, /is in use by process/);
  });
});
