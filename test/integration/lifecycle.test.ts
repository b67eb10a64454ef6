// The seed's whole life cycle through the real HTTP server: approve → customer e-mail in the local outbox → the
// opt-out link → decline → partner told; and approve → deadline passes → Official → partner told.
import assert from 'node:assert/strict';
import { CUSTOMER_TENANT } from '../helpers/claims';
import { createClaimOverHttp as createClaim, reviewerClicks } from '../helpers/httpClaims';
import fs from 'node:fs';
import path from 'node:path';
import type { Claim } from '../../services/domain/claim';
import { startLocalConnector, type LocalConnector } from '../helpers/connector';
import { TENANT } from '../helpers/activities';
import { startTestApp, testConfig } from '../helpers/testApp';
import { FakeClock } from '../../services/clock';
import { eventually } from '../helpers/until';
import { businessDaysBetween } from '../../services/businessDays';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

describe('the whole life cycle through the HTTP server', function () {
  this.timeout(120_000);
  let app: TestApp;
  let connector: LocalConnector;
  // A Sunday evening in Rome: the deadlines below are stated in business days, whatever day the suite runs.
  const clock = new FakeClock('2026-11-29T19:30:00Z', { ticking: true });
  before(async () => {
    connector = await startLocalConnector();
    app = await startTestApp(testConfig({ SCHEDULER_INTERVAL_SECONDS: '1', CUSTOMER_TIME_ZONE: 'Europe/Rome', HOLIDAY_COUNTRY: 'IT' }), clock);
  });
  after(async () => {
    await app.close();
    await connector.close();
  });

  const partnerTexts = () => connector.received.map((r) => r.activity.text ?? '').filter(Boolean);

  it('approve: the customer e-mail lands in the outbox; opting out through its link rejects the claim and tells the partner', async () => {
    const claim = await createClaim(app, connector, 'Intune');
    assert.equal((await reviewerClicks(app, connector, 'review.start', claim)).statusCode, 200);
    assert.equal((await reviewerClicks(app, connector, 'review.approve', claim)).statusCode, 200);

    const outbox = app.config.mailOutboxDir;
    const eml = await eventually('the .eml file', () => {
      const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
      return files.length ? fs.readFileSync(path.join(outbox, files[0]), 'latin1') : undefined;
    });
    assert.match(eml, /^To: giulia@contoso\.it/m);
    const body = eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    assert.match(body, /Europe\/Rome/, 'deadline in the customer time zone');
    const link = /(http:\/\/[^\s"<>]+\/optout\/[A-Za-z0-9._-]+)/.exec(body)?.[1];
    assert.ok(link, 'the opt-out link is in the e-mail');

    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post"/i);
    assert.equal((await app.store.containers.associations.item(claim.id, TENANT).read<Claim>()).resource?.status, 'Approved', 'GET changed nothing');

    // The page's button asks first; the confirmation's Decline declines.
    const asked = await fetch(link, { method: 'POST' });
    assert.match(await asked.text(), /<h1>Rifiutare l&#39;associazione con [^<]+\?<\/h1>/, "in the customer's language (.it)");
    const declined = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=decline' });
    assert.equal(declined.status, 200);
    const after = (await app.store.containers.associations.item(claim.id, TENANT).read<Claim>()).resource as Claim;
    assert.equal(after.status, 'Rejected');
    assert.equal(after.history.at(-1)?.reason, 'Customer declined');
    await eventually('the partner message', () => partnerTexts().find((t) => /customer declined the association/.test(t)));
  });

  it('approve with no opt-out: once the window has passed the scheduler makes it Official and tells the partner', async () => {
    const claim = await createClaim(app, connector, 'Microsoft Teams');
    await reviewerClicks(app, connector, 'review.start', claim);
    await reviewerClicks(app, connector, 'review.approve', claim);
    const approved = (await app.store.containers.associations.item(claim.id, TENANT).read<Claim>()).resource as Claim;
    const approvedAt = new Date(approved.history.at(-1)?.at ?? '');
    const calendar = app.config.businessCalendar;
    assert.equal(businessDaysBetween(approvedAt, new Date(approved.optOutDeadline ?? ''), calendar), 5, '5 business days (Italian calendar)');
    // The customer is told first; then time passes beyond the window, and the running scheduler acts.
    const told = await eventually('the customer told', async () => {
      const c = (await app.store.containers.associations.item(claim.id, TENANT).read<Claim>()).resource;
      return c?.customerNotifiedAt ? c : undefined;
    });
    assert.equal(businessDaysBetween(approvedAt, new Date(told.optOutDeadline ?? ''), calendar), 5, 'still 5 business days once the e-mail left');
    clock.set(new Date(Date.parse(told.optOutDeadline ?? '') + 1000));
    await eventually('Official', async () =>
      (await app.store.containers.associations.item(claim.id, TENANT).read<Claim>()).resource?.status === 'Official' ? true : undefined,
    );
    await eventually('the official message', () =>
      partnerTexts().find((t) => new RegExp(`tenant ${CUSTOMER_TENANT} for Microsoft Teams is now official`).test(t)),
    );
  });
});
