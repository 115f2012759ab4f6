import { describe, it, expect } from 'vitest';
import { tokenNeedsRenewal, digestAuthorization, renewToken } from '../src/lib/token.js';
import { digestHa1 } from '../src/lib/allocate.js';

describe('device token renewal', () => {
  const now = Date.parse('2026-11-22T00:00:00Z');
  it('renews a week before the token runs out, and when the expiry is unknown', () => {
    expect(tokenNeedsRenewal({ tokenExpiresAt: '2026-12-22T00:00:00Z' }, now)).toBe(false);
    expect(tokenNeedsRenewal({ tokenExpiresAt: '2026-11-28T00:00:00Z' }, now)).toBe(true);
    expect(tokenNeedsRenewal({}, now)).toBe(true);
  });

  it('answers the digest challenge from HA1 alone (RFC 2617 §3.5 example values)', () => {
    // The RFC's example request is GET /dir/index.html; its response is 6629fae49393a05397450978507c4ef1.
    const header = digestAuthorization({
      username: 'Mufasa', realm: 'testrealm@host.com', ha1: digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life'),
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b',
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
  });

  it('asks for a challenge, then POSTs the answer and returns the new token', async () => {
    const requests = [];
    const account = { number: '99910012345', realm: 'example.org', ha1: 'ab'.repeat(16) };
    const fetchImpl = async (url, init = {}) => {
      requests.push([url, init.method ?? 'GET', init.headers?.Authorization]);
      if (url.endsWith('/challenge')) return { ok: true, json: async () => ({ realm: 'example.org', nonce: 'n1', qop: 'auth', uri: '/api/v1/tokens' }) };
      return { ok: true, json: async () => ({ number: account.number, token: 'new.jwt.token', tokenExpiresAt: '2027-01-01T00:00:00Z' }) };
    };
    const renewed = await renewToken('http://a', account, { fetchImpl, cnonce: 'c1' });
    expect(renewed).toEqual({ token: 'new.jwt.token', tokenExpiresAt: '2027-01-01T00:00:00Z' });
    expect(requests[1][0]).toBe('http://a/api/v1/tokens');
    expect(requests[1][2]).toMatch(/^Digest username="99910012345", realm="example.org", nonce="n1", uri="\/api\/v1\/tokens"/);
  });

  it('refuses a challenge for another realm, since the HA1 cannot answer it', async () => {
    const fetchImpl = async () => ({ ok: true, json: async () => ({ realm: 'other.org', nonce: 'n' }) });
    await expect(renewToken('http://a', { realm: 'example.org' }, { fetchImpl })).rejects.toThrow('realm');
  });
});
