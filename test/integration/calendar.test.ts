// The life cycle on awkward days, with the bot's clock set to them (not the machine's date): a Friday 23:30 in Rome,
// a Saturday, a Sunday, 24 December in Rome (Christmas and St Stephen's Day follow), the day before a DST change
// and the DST change day, spring and autumn. Every deadline is checked in business days of the Italian calendar.
import assert from 'node:assert/strict';
import { addBusinessDays, businessDaysBetween, endOfBusinessDay, isBusinessDay } from '../../services/businessDays';
import type { Claim } from '../../services/domain/claim';
import { reviewAge } from '../../services/domain/rules';
import { SYSTEM_ACTOR } from '../../bot/workers/scheduler';
import { schedulerOn } from '../helpers/scheduler';
import { policyOf } from '../../bot/app';
import { type BotWorld, openWorldKnowing } from '../helpers/chat';
import { alice, TENANT } from '../helpers/activities';
import { claimIn } from '../helpers/claims';

const DAYS: [string, string][] = [
  ['a Friday, 23:30 in Rome', '2026-11-27T22:30:00Z'],
  ['a Saturday', '2026-11-28T10:00:00Z'],
  ['a Sunday', '2026-11-29T10:00:00Z'],
  ['24 December in Rome', '2026-12-24T09:00:00Z'],
  ['the day before the spring DST change', '2027-03-27T12:00:00Z'],
  ['the spring DST change day', '2027-03-28T12:00:00Z'],
  ['the day before the autumn DST change', '2026-10-24T12:00:00Z'],
  ['the autumn DST change day', '2026-10-25T12:00:00Z'],
];

describe("the life cycle on any day of the year (the bot's clock, Rome calendar)", function () {
  this.timeout(120_000);
  let world: BotWorld;
  before(async () => {
    world = await openWorldKnowing([alice], {
      CUSTOMER_TIME_ZONE: 'Europe/Rome',
      HOLIDAY_COUNTRY: 'IT',
      PARTNER_RESPONSE_BUSINESS_DAYS: '5',
      OPT_OUT_BUSINESS_DAYS: '5',
    });
  });
  after(() => world.close());

  const calendar = () => world.config.businessCalendar;
  const reread = async (claim: Claim) => (await world.deps.claims.get(TENANT, claim.id)) as Claim;
  const act = async (claim: Claim, action: 'startReview' | 'requestInfo' | 'partnerRespond' | 'approve', party: 'reviewer' | 'incentivesAdmin') => {
    const result = await world.deps.claims.transition(claim, {
      action,
      actor: { id: '29:someone', name: 'Someone' },
      party,
      reason: action === 'requestInfo' ? 'Missing All PoE' : undefined,
      comment: action === 'requestInfo' || action === 'partnerRespond' ? 'Here.' : undefined,
    });
    assert.equal(result.kind, 'done', `${action}: ${JSON.stringify(result)}`);
    return (result as { claim: Claim }).claim;
  };
  const scheduler = () => schedulerOn(world);

  for (const [day, at] of DAYS) {
    it(`${day}: answer window and opt-out window are 5 business days, official right after, never before`, async () => {
      world.clock.set(at);
      const start = world.clock.now();
      let claim = await claimIn(world, 'Submitted');
      assert.deepEqual(reviewAge(claim, start, policyOf(world.config)), { days: 0, overdue: false });
      claim = await act(claim, 'startReview', 'reviewer');

      claim = await act(claim, 'requestInfo', 'reviewer');
      const answerBy = new Date(claim.partnerActionDeadline ?? '');
      assert.equal(businessDaysBetween(start, answerBy, calendar()), 5, `answer by ${answerBy.toISOString()}`);
      assert.ok(isBusinessDay(answerBy, calendar()), 'the answer is due on a business day');
      assert.ok(answerBy.getTime() - start.getTime() >= 5 * 86400_000 - 3600_000, 'never fewer than five days of clock time (less one DST hour)');
      claim = await act(claim, 'partnerRespond', 'incentivesAdmin');
      assert.equal(claim.partnerActionDeadline, undefined);

      claim = await act(claim, 'approve', 'reviewer');
      const approvedAt = new Date(claim.history.at(-1)?.at ?? '');
      const optOut = new Date(claim.optOutDeadline ?? '');
      assert.equal(businessDaysBetween(approvedAt, optOut, calendar()), 5);
      assert.equal(optOut.toISOString(), endOfBusinessDay(approvedAt, 5, calendar()).toISOString(), 'until the end of the fifth business day');
      assert.ok(isBusinessDay(optOut, calendar()));

      await world.delivery.deliverPending(claim);
      claim = await reread(claim);
      assert.ok(claim.customerNotifiedAt, 'the customer e-mail left');
      // The window counts from the e-mail (milliseconds after the approval here): still 5 business days.
      const window = new Date(claim.optOutDeadline ?? '');
      assert.equal(window.toISOString(), endOfBusinessDay(new Date(claim.customerNotifiedAt), 5, calendar()).toISOString());
      assert.ok(window.getTime() - optOut.getTime() < 60_000, 'the e-mail left at once: the same deadline, to the second');

      world.clock.set(new Date(window.getTime() - 1000));
      assert.equal(await scheduler().promoteApproved(), 0, 'not a second early');
      assert.equal((await reread(claim)).status, 'Approved');
      world.clock.set(new Date(window.getTime() + 1000));
      await scheduler().promoteApproved();
      const official = await reread(claim);
      assert.equal(official.status, 'Official');
      assert.equal(official.history.at(-1)?.by.id, SYSTEM_ACTOR.id);
    });
  }

  it("24 December in Rome skips Christmas, St Stephen's Day and the weekend: the window ends on 4 January", async () => {
    const approvedAt = new Date('2026-12-24T09:00:00Z');
    // 25 (Fri, Christmas) and 26 (Sat, St Stephen) are holidays, 27 a Sunday; 28, 29, 30, 31 December count;
    // 1 January is a holiday, 2 and 3 a weekend; 4 January is the fifth business day.
    assert.equal(addBusinessDays(approvedAt, 4, calendar()).toISOString(), '2026-12-31T09:00:00.000Z');
    assert.equal(addBusinessDays(approvedAt, 5, calendar()).toISOString(), '2027-01-04T09:00:00.000Z');
    assert.equal(endOfBusinessDay(approvedAt, 5, calendar()).toISOString(), '2027-01-04T22:59:59.999Z', 'the customer may opt out all of 4 January');
  });
});
