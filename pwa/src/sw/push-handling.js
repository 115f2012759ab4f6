// What the service worker does with a push and with a click on its notification, as pure
// functions of their inputs, so the unit tests cover them without a browser.
// Payload shape: services/webpush/README.md ("The payload the service worker receives"); the
// original Webph.one shape (notification.data.action) is understood too.

import { formatNumber } from '../lib/phone-number.js';

const ORIGINAL_ACTIONS = {
  'call-incoming': 'call-incoming',
  'call-canceled': 'call-cancelled',
  'sms-incoming': 'message',
};

/** Normalizes both payload shapes to {kind, from, callId, content}. */
export function readPayload(json) {
  const data = json?.notification?.data ?? {};
  const kind = json?.kind ?? ORIGINAL_ACTIONS[data.action] ?? data.action ?? 'unknown';
  return {
    kind,
    from: json?.from ?? data.from ?? '',
    callId: json?.callId ?? data.id ?? null,
    content: json?.content ?? data.content ?? '',
  };
}

/** The tag of a call's notification: the Call-ID, so the cancel push replaces the ring. */
export const callTag = (callId) => `call:${callId}`;
const messageTag = (from) => `message:${from}`;

/**
 * The notification to show for a push: {title, options}, or null when nothing should be shown.
 * `t` is the translator of the phone's language.
 */
export function notificationFor(payload, t) {
  const peer = payload.from ? formatNumber(payload.from) : t('push.unknown');
  const icon = '/icons/icon-192.png';
  const badge = '/icons/badge-96.png';
  switch (payload.kind) {
    case 'call-incoming':
      return {
        title: t('push.call-incoming', { peer }),
        options: {
          body: t('push.title'),
          tag: callTag(payload.callId ?? payload.from),
          renotify: true,
          requireInteraction: true,
          icon,
          badge,
          vibrate: [400, 200, 400, 200, 400],
          actions: [
            { action: 'answer', title: t('push.answer') },
            { action: 'decline', title: t('push.decline') },
          ],
          data: { kind: 'call-incoming', from: payload.from, callId: payload.callId },
        },
      };
    case 'call-cancelled':
    case 'call-missed':
      return {
        title: t('push.missed', { peer }),
        options: {
          body: t('push.title'),
          tag: callTag(payload.callId ?? payload.from),
          renotify: false,
          requireInteraction: false,
          icon,
          badge,
          data: { kind: 'call-missed', from: payload.from, callId: payload.callId },
        },
      };
    case 'message':
      return {
        title: t('push.message', { peer }),
        options: {
          body: payload.content,
          tag: messageTag(payload.from),
          renotify: true,
          icon,
          badge,
          data: { kind: 'message', from: payload.from },
        },
      };
    default:
      return { title: t('push.title'), options: { icon, badge, data: { kind: 'unknown' } } };
  }
}

/**
 * What a click means: {open: url-or-null, decline: callId-or-null, answer: callId-or-null}.
 * Answer opens the app at #/answer/<callId>, which answers that INVITE when it arrives.
 */
export function clickOutcome(action, data = {}) {
  if (data.kind === 'call-incoming') {
    if (action === 'decline') return { open: null, decline: data.callId, answer: null };
    if (action === 'answer') {
      return { open: `/#/answer/${encodeURIComponent(data.callId ?? '')}`, decline: null, answer: data.callId };
    }
    // A tap on the body: show the ringing call, without answering for the person.
    return { open: '/#/dial', decline: null, answer: null };
  }
  if (data.kind === 'message') return { open: `/#/messages/${encodeURIComponent(data.from)}`, decline: null, answer: null };
  if (data.kind === 'call-missed') return { open: '/#/history', decline: null, answer: null };
  return { open: '/', decline: null, answer: null };
}

/**
 * Asks sip-proxy to reject the ringing call (603 Decline to the caller), authenticated with the
 * device token. Returns true when the server took it.
 */
export async function declineCall({ callId, sipApiBase, token, fetchImpl = globalThis.fetch }) {
  if (!callId || !sipApiBase || !token) return false;
  try {
    const response = await fetchImpl(`${sipApiBase}/api/v1/calls/${encodeURIComponent(callId)}/decline`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    return response.ok;
  } catch {
    return false; // Offline: the caller hears the call time out instead.
  }
}
