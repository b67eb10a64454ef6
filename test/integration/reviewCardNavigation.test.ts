// The way back (issue 21 item 6): a review card opened from the review queue has "Back to queue", to the queue as it
// was filtered, and keeps it whatever is clicked on it; the card posted in the channel has none. ("Hide details" is
// the card template's alone: test/unit/reviewCard.test.ts.) On the embedded Cosmos server, in demo mode.
import assert from 'node:assert/strict';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { cardData as data, claimIn, REVIEWER } from '../helpers/claims';
import { actionsOf } from '../helpers/cardActions';
import { en } from '../../services/strings/en';
import type { Claim } from '../../services/domain/claim';

describe('the review card opened from the queue: the way back', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  /** The queue filtered on Submitted, and a click on the claim's row button as Teams sends it: with the filter inputs. */
  async function fromQueueRow(reviewer: Chat, claim: Claim, verb: 'review.refresh' | 'review.start') {
    const inputs = { status: 'Submitted', solutionArea: '', activity: '', organisation: '', competingOnly: 'false', mineOnly: 'false' };
    const queue = await reviewer.click('review.queue', inputs);
    const row = actionsOf(queue.response.body.value).find((a) => a.verb === verb && a.data?.claimId === claim.id);
    assert.ok(row?.data, `${verb} on the claim's row`);
    return { inputs, clicked: await reviewer.click(verb, { ...row.data, ...inputs }) };
  }

  it("Open on the queue's row: Back to queue, which shows the queue again with the same filters", async () => {
    const claim = await claimIn(world, 'Submitted');
    const reviewer = new Chat(world, REVIEWER);
    const { inputs, clicked } = await fromQueueRow(reviewer, claim, 'review.refresh');
    const back = actionsOf(clicked.response.body.value).find((a) => a.title === en.review.backToQueue);
    assert.ok(back, 'Back to queue');
    assert.equal(back.verb, 'review.queue');
    assert.deepEqual(back.data, inputs);
    const queue = await reviewer.click('review.queue', back.data);
    assert.equal(queue.response.status, 200);
    const shown = JSON.stringify(queue.response.body.value);
    assert.match(shown, /Claims waiting for a reviewer/);
    assert.match(shown, new RegExp(claim.id), 'the queue, with the claim in it');
    assert.match(shown, /"id":"status"[^}]*"value":"Submitted"/, 'filtered as it was');
  });

  it("Start review on the queue's row, then a comment on that card: each answer keeps Back to queue", async () => {
    const claim = await claimIn(world, 'Submitted');
    const reviewer = new Chat(world, REVIEWER);
    const { inputs, clicked } = await fromQueueRow(reviewer, claim, 'review.start');
    assert.match(JSON.stringify(clicked.response.body.value), new RegExp(en.statuses.UnderReview));
    assert.deepEqual(actionsOf(clicked.response.body.value).find((a) => a.title === en.review.backToQueue)?.data, inputs);
    const comment = actionsOf(clicked.response.body.value).find((a) => a.verb === 'review.comment');
    assert.ok(comment?.data, 'Add a comment');
    const commented = await reviewer.click('review.comment', { ...comment.data, 'review.comment.comment': 'Checking the SOW.' });
    assert.match(JSON.stringify(commented.response.body.value), /Checking the SOW/);
    assert.deepEqual(actionsOf(commented.response.body.value).find((a) => a.title === en.review.backToQueue)?.data, inputs);
  });

  it('the same card opened another way (a posted copy refreshing) has no Back to queue', async () => {
    const claim = await claimIn(world, 'Submitted');
    const { response } = await new Chat(world, REVIEWER).click('review.refresh', data(claim));
    assert.equal(
      actionsOf(response.body.value).find((a) => a.title === en.review.backToQueue),
      undefined,
    );
  });
});
