// Rotating LINK_SECRET without breaking links in flight: the real app, started with a new LINK_SECRET and the old one
// as LINK_SECRET_PREVIOUS, still opens an opt-out link the old secret sealed; once LINK_SECRET_PREVIOUS is removed it
// does not. The token's expiry is past, so the page answers 410 "expired" only for a link it recognises as its own
// (404 "invalid" otherwise) and nothing is looked up or changed.
import assert from 'node:assert/strict';
import { LinkSigner } from '../../services/signedLinks';
import { startTestApp, testConfig } from '../helpers/testApp';
import { TENANT } from '../helpers/activities';

const OLD = 'old-link-secret-0123456789-abcdefghijklmnop';
const NEW = 'new-link-secret-9876543210-ponmlkjihgfedcba';
const PAST = new Date('2025-01-10T12:00:00Z');

async function statusOf(env: Record<string, string>, token: string): Promise<number> {
  const app = await startTestApp(testConfig(env));
  try {
    return (await fetch(`${app.url}/optout/${token}`)).status;
  } finally {
    await app.close();
  }
}

describe('LINK_SECRET rotation (integration, the real app)', () => {
  const sealedWith = (secret: string) => new LinkSigner(Buffer.from(secret, 'utf8')).seal('optout', `${TENANT}/CPOR-ROT000001`, PAST);

  it('a link sealed with the previous secret is still recognised while LINK_SECRET_PREVIOUS names it', async () => {
    assert.equal(await statusOf({ LINK_SECRET: NEW, LINK_SECRET_PREVIOUS: OLD }, sealedWith(OLD)), 410);
  });

  it('new links are sealed with LINK_SECRET, and also recognised', async () => {
    assert.equal(await statusOf({ LINK_SECRET: NEW, LINK_SECRET_PREVIOUS: OLD }, sealedWith(NEW)), 410);
  });

  it('once the previous secret is removed, its links are refused as invalid', async () => {
    assert.equal(await statusOf({ LINK_SECRET: NEW }, sealedWith(OLD)), 404);
  });
});
