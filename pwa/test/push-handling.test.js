import { describe, it, expect } from 'vitest';
import { readPayload, notificationFor, clickOutcome, declineCall } from '../src/sw/push-handling.js';
import { translator } from '../src/i18n/index.js';

const t = translator('en');
const INCOMING = {
  kind: 'call-incoming', from: '99910012345', callId: 'a84b4c76e66710@pc33', sentAt: '2026-11-22T12:00:00Z',
  notification: { title: 'Webph.one', data: { from: '99910012345', action: 'call-incoming', id: 'a84b4c76e66710@pc33' } },
};

describe('push payloads', () => {
  it('reads the webpush payload and the original Webph.one shape alike', () => {
    expect(readPayload(INCOMING)).toMatchObject({ kind: 'call-incoming', from: '99910012345', callId: 'a84b4c76e66710@pc33' });
    expect(readPayload({ notification: { data: { action: 'call-canceled', from: '1', id: 'x' } } })).toMatchObject({ kind: 'call-cancelled', callId: 'x' });
    expect(readPayload({ notification: { data: { action: 'sms-incoming', from: '1', content: 'hi' } } })).toMatchObject({ kind: 'message', content: 'hi' });
  });

  it('rings with Answer and Decline, tagged with the call id, until the person acts', () => {
    const { title, options } = notificationFor(readPayload(INCOMING), t);
    expect(title).toBe('Incoming call from 999 100 12345');
    expect(options.tag).toBe('call:a84b4c76e66710@pc33');
    expect(options.requireInteraction).toBe(true);
    expect(options.actions.map((a) => a.action)).toEqual(['answer', 'decline']);
  });

  it('replaces the ring with a missed call when the caller gives up', () => {
    const { title, options } = notificationFor(readPayload({ kind: 'call-cancelled', from: '99910012345', callId: 'a84b4c76e66710@pc33' }), t);
    expect(title).toBe('Missed call from 999 100 12345');
    expect(options.tag).toBe('call:a84b4c76e66710@pc33');
    expect(options.actions).toBeUndefined();
  });

  it('shows the text of a message', () => {
    const { title, options } = notificationFor(readPayload({ kind: 'message', from: '123', content: 'hola' }), translator('es'));
    expect(title).toBe('Mensaje de 123');
    expect(options.body).toBe('hola');
  });
});

describe('notification clicks', () => {
  const data = { kind: 'call-incoming', from: '1', callId: 'abc@h' };
  it('answers by opening the app at the call', () => {
    expect(clickOutcome('answer', data)).toEqual({ open: '/#/answer/abc%40h', decline: null, answer: 'abc@h' });
  });
  it('declines without opening the app', () => {
    expect(clickOutcome('decline', data)).toEqual({ open: null, decline: 'abc@h', answer: null });
  });
  it('opens the conversation for a message', () => {
    expect(clickOutcome('', { kind: 'message', from: '123' }).open).toBe('/#/messages/123');
  });
});

describe('declineCall', () => {
  it('POSTs the decline to sip-proxy with the device token', async () => {
    const seen = [];
    const ok = await declineCall({
      callId: 'abc@h', sipApiBase: 'http://proxy:8081', token: 'jwt',
      fetchImpl: async (url, init) => { seen.push([url, init]); return { ok: true }; },
    });
    expect(ok).toBe(true);
    expect(seen[0][0]).toBe('http://proxy:8081/api/v1/calls/abc%40h/decline');
    expect(seen[0][1]).toMatchObject({ method: 'POST', headers: { Authorization: 'Bearer jwt' } });
  });
  it('reports failure instead of throwing when offline', async () => {
    const ok = await declineCall({ callId: 'a', sipApiBase: 'http://p', token: 't', fetchImpl: async () => { throw new TypeError('offline'); } });
    expect(ok).toBe(false);
  });
});
