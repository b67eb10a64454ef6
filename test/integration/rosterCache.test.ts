// A member's own organisation comes from Teams' roster in a channel (bot/teams/actor.ts): asked once per member and
// conversation, so a reviewer's clicks do not each wait on a roster round trip; an unanswered lookup is not kept.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import type { Who } from '../helpers/activities';
import { tempDir } from '../helpers/testApp';
import { claimIn } from '../helpers/claims';

const REVIEWER_TENANT = 'f00dcafe-0000-4000-8000-000000000001';
const rita: Who = { id: '29:rita', name: 'Rita Reviewer', tenantId: REVIEWER_TENANT };
const CHANNEL = '19:reviews@thread.tacv2';
const OTHER_CHANNEL = '19:other-reviews@thread.tacv2';

const refresh = (chat: Chat, claim: Claim) =>
  chat.click('review.refresh', { claimId: claim.id, partnerTenantId: claim.partnerTenantId, version: claim.version });

describe("a channel member's organisation, from Teams' roster", () => {
  let world: BotWorld;
  beforeEach(async () => {
    const rolesFile = path.join(tempDir(), 'roles.json');
    fs.writeFileSync(rolesFile, JSON.stringify({ [rita.id]: ['reviewer'] }));
    world = await openWorld({ ROLES_FILE: rolesFile });
  });
  afterEach(() => world.close());

  it('is asked once per member and conversation: later clicks there use it, another conversation asks again', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const chat = new Chat(world, rita, CHANNEL);
    for (let click = 0; click < 3; click++) assert.equal((await refresh(chat, claim)).response.body.statusCode, 200, `click ${click + 1}`);
    assert.deepEqual(world.connector.rosterReads, [rita.id], 'one roster read for three clicks');
    assert.equal((await refresh(new Chat(world, rita, OTHER_CHANNEL), claim)).response.body.statusCode, 200);
    assert.deepEqual(world.connector.rosterReads, [rita.id, rita.id]);
  });

  it('is not kept when Teams does not say it: refused then, and the next click asks again', async () => {
    const claim = await claimIn(world, 'UnderReview');
    const chat = new Chat(world, rita, CHANNEL);
    const member = world.connector.members.get(rita.id);
    world.connector.members.delete(rita.id);
    assert.equal((await refresh(chat, claim)).response.body.statusCode, 403, 'no organisation, no role');
    world.connector.members.set(rita.id, member ?? { id: rita.id });
    assert.equal((await refresh(chat, claim)).response.body.statusCode, 200);
    assert.deepEqual(world.connector.rosterReads, [rita.id, rita.id]);
  });
});
