// Per-client rate limiting behind a trusted front end keys on the address the front end saw.
import assert from 'node:assert/strict';
import type { Request } from 'restify';
import { clientKeyOf, forwardedClientKey } from '../../bot/web/rateLimit';
import { loadConfig } from '../../services/config';

const req = (forwarded: string | undefined, socket = '10.0.0.1') =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress: socket } }) as unknown as Request;

describe('client key behind a trusted proxy', () => {
  it('uses the right-most X-Forwarded-For entry, without its port', () => {
    assert.equal(forwardedClientKey(req('1.2.3.4:5678')), clientKeyOf('1.2.3.4'));
    assert.equal(forwardedClientKey(req('[2001:db8::1]:443')), clientKeyOf('2001:db8::1'));
  });

  it('cannot be steered by a header the client sent itself (the front end appends the real address)', () => {
    assert.equal(forwardedClientKey(req('9.9.9.9, 1.2.3.4')), clientKeyOf('1.2.3.4'));
  });

  it('falls back to the socket address without the header', () => {
    assert.equal(forwardedClientKey(req(undefined, '10.0.0.7')), clientKeyOf('10.0.0.7'));
  });

  it('is off unless TRUST_PROXY=true', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  });
});
