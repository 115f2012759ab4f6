import { describe, it, expect } from 'vitest';
import { allocateNumber, accountFrom, digestHa1, AllocationRefused } from '../src/lib/allocate.js';

const ANSWER = {
  number: '99910012345', password: 'secret-password-123', sipDomain: 'example.org',
  sipUri: 'sip:99910012345@example.org', wsUri: 'wss://example.org/sip', token: 'jwt', tokenExpiresAt: '2026-12-22T00:00:00Z',
};

function respond(status, body, headers = {}) {
  return { status, ok: status < 300, statusText: '', headers: new Headers(headers), json: async () => body };
}

describe('accountFrom', () => {
  it('keeps the digest HA1 and never the password', () => {
    const account = accountFrom(ANSWER);
    expect(account.ha1).toBe(digestHa1('99910012345', 'example.org', 'secret-password-123'));
    expect(JSON.stringify(account)).not.toContain('secret-password-123');
    expect(account).toMatchObject({ number: '99910012345', realm: 'example.org', token: 'jwt' });
  });

  it('computes HA1 as RFC 2617 MD5(user:realm:password)', () => {
    // MD5("Mufasa:testrealm@host.com:Circle Of Life"), the RFC 2617 §3.5 example.
    expect(digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe('939e7578ed9e3c518a452acee763bce9');
  });
});

describe('allocateNumber', () => {
  it('retries network errors and 5xx with backoff, then stores the answer', async () => {
    const answers = [() => { throw new TypeError('Failed to fetch'); }, () => respond(502, {}), () => respond(201, ANSWER)];
    const waits = [];
    const account = await allocateNumber('http://a', {
      fetchImpl: async () => answers.shift()(),
      wait: async (ms) => waits.push(ms),
    });
    expect(account.number).toBe('99910012345');
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(waits[0] / 2);
  });

  it('waits as long as Retry-After says when rate-limited', async () => {
    const answers = [respond(429, { error: 'rate_limited', message: 'slow down' }, { 'Retry-After': '7' }), respond(201, ANSWER)];
    const waits = [];
    await allocateNumber('http://a', { fetchImpl: async () => answers.shift(), wait: async (ms) => waits.push(ms) });
    expect(waits).toEqual([7000]);
  });

  it('stops at once with the server sentence when no numbers are left', async () => {
    const refusal = respond(503, { error: 'pool_exhausted', message: 'No free numbers with prefix 999100.' });
    await expect(allocateNumber('http://a', { fetchImpl: async () => refusal, wait: async () => {} }))
      .rejects.toMatchObject({ code: 'pool_exhausted', message: 'No free numbers with prefix 999100.' });
  });

  it('gives up after the last attempt with the last problem', async () => {
    let calls = 0;
    const error = await allocateNumber('http://a', {
      fetchImpl: async () => { calls++; return respond(500, { error: 'oops', message: 'broken' }); },
      wait: async () => {},
      maxAttempts: 3,
    }).catch((e) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(AllocationRefused);
    expect(error.message).toBe('broken');
  });
});
