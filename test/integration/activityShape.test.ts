// Malformed activities are refused at the door of /api/messages: 400 with one log line, no turn, nothing stored,
// nothing sent. Before the check, these got 200 and an apology (text a number or an object, membersAdded a string),
// 501 (an invoke whose value is a string, or whose action is null) or 200 and a failure later (serviceUrl not a URL).
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { appWithConnector } from '../helpers/testApp';
import { alice, botAddedToPersonalChat, message, post } from '../helpers/activities';

describe('activities validated at the door of /api/messages', function () {
  this.timeout(30_000);
  const { app, connector } = appWithConnector({ DEMO_MODE: 'true' });

  /** Every document in every container: what a refused request must leave exactly as it was. */
  const stored = async () => {
    const all: Record<string, unknown[]> = {};
    for (const [name, container] of Object.entries(app().store.containers)) {
      all[name] = (await container.items.readAll().fetchAll()).resources.map((d: Record<string, unknown>) => `${String(d.id)}@${String(d._etag)}`);
    }
    return all;
  };
  const cardClick = (value: unknown): Partial<Activity> => ({
    ...message(alice, '', connector().serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value,
  });

  const malformed: [string, () => Partial<Activity>][] = [
    ['text is a number', () => ({ ...message(alice, 'help', connector().serviceUrl), text: 42 as never })],
    ['text is an object', () => ({ ...message(alice, 'help', connector().serviceUrl), text: { help: true } as never })],
    ['membersAdded is a string', () => ({ ...botAddedToPersonalChat(alice, connector().serviceUrl), membersAdded: '28:cpor-bot' as never })],
    ['the invoke value is a string', () => cardClick('{"action":{"verb":"command"}}')],
    ['the card action is null', () => cardClick({ action: null })],
    ['serviceUrl is not a URL', () => message(alice, 'help', 'not a url')],
    ['serviceUrl is plain http on a public host', () => message(alice, 'help', 'http://connector.example/')],
    ['the type is not an activity type', () => ({ ...message(alice, 'help', connector().serviceUrl), type: 'mesage' })],
    ['from has no id', () => ({ ...message(alice, 'help', connector().serviceUrl), from: { name: 'Alice' } as never })],
  ];

  for (const [label, activity] of malformed) {
    it(`${label}: 400 with one log line, no turn, nothing stored or sent`, async () => {
      const before = await stored();
      const sent = connector().received.length;
      const warned = app()
        .logs()
        .filter((l) => l.msg === 'bad request on /api/messages').length;
      const turns = app()
        .logs()
        .filter((l) => l.msg === 'turn').length;
      const res = await post(app().url, activity());
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { message: string }).message, /^Bad request: /);
      assert.equal(
        app()
          .logs()
          .filter((l) => l.msg === 'bad request on /api/messages').length,
        warned + 1,
        'one log line',
      );
      assert.equal(
        app()
          .logs()
          .filter((l) => l.msg === 'turn').length,
        turns,
        'no turn ran',
      );
      assert.deepEqual(await stored(), before, 'nothing stored');
      assert.equal(connector().received.length, sent, 'nothing sent');
    });
  }

  it('a well-formed message still gets its turn (the check refuses only what is malformed)', async () => {
    const res = await post(app().url, message(alice, 'help', connector().serviceUrl));
    assert.equal(res.status, 200);
    await connector().waitFor(1);
    assert.ok(
      app()
        .logs()
        .some((l) => l.msg === 'turn' && l.type === 'message'),
    );
  });
});
