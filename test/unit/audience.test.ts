// Who hears of a claim's news: the creator, every Incentives admin the bot can reach, the organisation's channel;
// each once; and who may dispute.
import assert from 'node:assert/strict';
import { audience, disputers, type KnownPerson } from '../../services/domain/audience';

const admin = (id: string, name = id): KnownPerson => ({ id, name, admin: true });
const user = (id: string, name = id): KnownPerson => ({ id, name, admin: false });

describe('audience: who is told of a claim', () => {
  // [what, creator, people known, channel, recipients as key:mayDispute, who may dispute]
  const CASES: [string, KnownPerson, KnownPerson[], boolean, string[], string[]][] = [
    ['an admin alone', admin('29:alice', 'Alice'), [], false, ['user:29:alice:yes'], ['Alice']],
    [
      "a user's claim: the user (who may not dispute) and every admin known",
      user('29:pete', 'Pete'),
      [admin('29:alice', 'Alice'), user('29:paula', 'Paula'), admin('29:anna', 'Anna')],
      false,
      ['user:29:pete:no', 'user:29:alice:yes', 'user:29:anna:yes'],
      ['Alice', 'Anna'],
    ],
    [
      'the creator is told once even when also listed among the admins',
      admin('29:alice', 'Alice'),
      [admin('29:alice', 'Alice'), admin('29:anna', 'Anna')],
      false,
      ['user:29:alice:yes', 'user:29:anna:yes'],
      ['Alice', 'Anna'],
    ],
    ['other users are not told', admin('29:alice', 'Alice'), [user('29:pete'), user('29:paula')], false, ['user:29:alice:yes'], ['Alice']],
    [
      "the organisation's channel last, told who may dispute",
      user('29:pete', 'Pete'),
      [admin('29:alice', 'Alice')],
      true,
      ['user:29:pete:no', 'user:29:alice:yes', 'channel:no'],
      ['Alice'],
    ],
    ['a user with no admin known: nobody to name', user('29:pete', 'Pete'), [], true, ['user:29:pete:no', 'channel:no'], []],
    ['a name missing: the id stands for it', user('29:pete'), [admin('29:anna', ' ')], false, ['user:29:pete:no', 'user:29:anna:yes'], ['29:anna']],
  ];
  for (const [what, creator, known, channel, recipients, names] of CASES) {
    it(what, () => {
      const got = audience(creator, known, channel).map((r) => `${r.key}:${r.mayDispute ? 'yes' : 'no'}`);
      assert.deepEqual(got, recipients);
      assert.deepEqual(disputers(creator, known), names);
      for (const r of audience(creator, known, channel)) assert.equal(r.userId === undefined, r.key === 'channel', 'only the channel has no person');
    });
  }
});
