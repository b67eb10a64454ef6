// The way back (issue 21 item 6): a review card opened from the review queue has "Back to queue", to the queue as it
// was filtered, and keeps it whatever is clicked on it; the card posted in the channel has none. ("Hide details" is
// the card template's alone: test/unit/reviewCard.test.ts.) On the embedded Cosmos server, in demo mode.
import assert from 'node:assert/strict';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { cardData as data, claimIn, REVIEWER } from '../helpers/claims';
import { actionsOf } from '../helpers/cardActions';
import { en } from '../../services/strings/en';

describe('the review card opened from the queue: the way back', function () {
  this.timeout(60_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorld();
  });
  after(() => world.close());

  it("opened from the queue (its Open button, with the queue's filters): Back to queue, to the same filters", async () => {
    const claim = await claimIn(world, 'Submitted');
    const reviewer = new Chat(world, REVIEWER);
    const opened = await reviewer.click('review.refresh', data(claim, { fromQueue: true, status: 'Submitted', competingOnly: 'false', mineOnly: 'false' }));
    const back = actionsOf(opened.response.body.value).find((a) => a.title === en.review.backToQueue);
    assert.ok(back, 'Back to queue');
    assert.equal(back.verb, 'review.queue');
    assert.deepEqual(back.data, { status: 'Submitted', competingOnly: 'false', mineOnly: 'false' });
    const queue = await reviewer.click('review.queue', back.data);
    assert.equal(queue.response.status, 200);
    assert.match(JSON.stringify(queue.response.body.value), new RegExp(claim.id), 'the queue, with the claim in it');
  });

  it('a click on a card opened from the queue (Start review) answers with a card that still has Back to queue', async () => {
    const claim = await claimIn(world, 'Submitted');
    const reviewer = new Chat(world, REVIEWER);
    const opened = await reviewer.click('review.refresh', data(claim, { fromQueue: true, status: 'Submitted', mineOnly: 'false' }));
    const start = actionsOf(opened.response.body.value).find((a) => a.verb === 'review.start');
    assert.ok(start?.data, 'Start review');
    const started = await reviewer.click('review.start', start.data);
    assert.match(JSON.stringify(started.response.body.value), new RegExp(en.statuses.UnderReview));
    const back = actionsOf(started.response.body.value).find((a) => a.title === en.review.backToQueue);
    assert.deepEqual(back?.data, { status: 'Submitted', mineOnly: 'false' });
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
