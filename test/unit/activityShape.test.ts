// Which Bot Connector addresses an activity may name: https always; http only on loopback, and only in local mode.
import assert from 'node:assert/strict';
import { activityProblem, isLocalChannel } from '../../bot/web/activityShape';
import { alice, message } from '../helpers/activities';

describe('activity shape: the serviceUrl', () => {
  const local = { loopbackServiceUrl: true };
  const production = { loopbackServiceUrl: false };
  it('https is accepted in both modes, loopback http only in local mode', () => {
    assert.equal(activityProblem(message(alice, 'hi', 'https://smba.trafficmanager.net/teams/'), production), undefined);
    assert.equal(activityProblem(message(alice, 'hi', 'http://127.0.0.1:4000/'), local), undefined);
    assert.match(activityProblem(message(alice, 'hi', 'http://127.0.0.1:4000/'), production) ?? '', /must be an https:\/\/ URL/);
    assert.match(activityProblem(message(alice, 'hi', 'http://10.0.0.5/'), local) ?? '', /http:\/\/ only on loopback/);
  });
  it('local mode: no app id, or a token authority on loopback', () => {
    assert.equal(isLocalChannel({}), true);
    assert.equal(isLocalChannel({ appId: 'x', openIdMetadataUrl: 'http://127.0.0.1:5000/openid' }), true);
    assert.equal(isLocalChannel({ appId: 'x' }), false);
    assert.equal(isLocalChannel({ appId: 'x', openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration' }), false);
  });
});
