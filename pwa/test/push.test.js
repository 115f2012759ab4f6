import { describe, it, expect } from 'vitest';
import { subscribeToPush, base64UrlToBytes } from '../src/lib/push.js';

const KEY = 'BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function fakeWebpush(requests) {
  return async (url, init = {}) => {
    requests.push([url, init.method ?? 'GET', init.headers?.Authorization, init.body]);
    if (url.endsWith('/public-key')) return { ok: true, json: async () => ({ publicKey: KEY }) };
    return { ok: true, status: 201, json: async () => ({ status: 'created' }) };
  };
}

describe('subscribeToPush', () => {
  it('subscribes with the VAPID key and PUTs the subscription under the device id with the token', async () => {
    const requests = [];
    let options;
    const registration = { pushManager: {
      getSubscription: async () => null,
      subscribe: async (o) => { options = o; return { toJSON: () => ({ endpoint: 'https://push.example/1', keys: { p256dh: 'p', auth: 'a' } }) }; },
    } };
    expect(await subscribeToPush({ registration, webpushApi: 'http://w', deviceId: 'dev-1', token: 'jwt', fetchImpl: fakeWebpush(requests) })).toBe('subscribed');
    expect(options.userVisibleOnly).toBe(true);
    expect(options.applicationServerKey).toEqual(base64UrlToBytes(KEY));
    expect(requests[1]).toEqual(['http://w/api/v1/push/subscriptions/dev-1', 'PUT', 'Bearer jwt', JSON.stringify({ endpoint: 'https://push.example/1', keys: { p256dh: 'p', auth: 'a' } })]);
  });

  it('gives up with a sentence when the browser push service never answers', async () => {
    const registration = { pushManager: { getSubscription: async () => null, subscribe: () => new Promise(() => {}) } };
    await expect(subscribeToPush({ registration, webpushApi: 'http://w', deviceId: 'd', token: 't', fetchImpl: fakeWebpush([]), timeoutMs: 10 }))
      .rejects.toThrow('push service did not answer');
  });

  it('decodes base64url keys', () => {
    expect([...base64UrlToBytes('AQID_w')]).toEqual([1, 2, 3, 255]);
  });
});
