// The service worker: keeps the app shell for offline opening, and turns pushes into
// notifications while the app is closed. Built by vite.config.js into /sw.js (one file, not
// hashed, served no-cache) with __PRECACHE__ (the shell's files) and __VERSION__ filled in.
/* global __PRECACHE__, __VERSION__ */

import { openDatabase } from '../lib/storage.js';
import { pickLanguage, translator } from '../i18n/index.js';
import { readPayload, notificationFor, clickOutcome, declineCall } from './push-handling.js';

const CACHE = `webphone-shell-${__VERSION__}`;
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('webphone-shell-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only our own GETs; the APIs of other origins go straight to the network.
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Only the app's page: a tab opened on /q/health must not replace the cached shell.
    if (url.pathname === '/' || url.pathname === '/index.html') event.respondWith(networkFirst(request, '/index.html'));
  } else if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(request, '/config.json'));
  } else {
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  }
});

/** The network's answer when there is one (and a copy for next time), else the cached shell. */
async function networkFirst(request, fallbackPath) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackPath, response.clone());
    return response;
  } catch {
    const cached = await cache.match(fallbackPath);
    if (!cached) return Response.error();
    // Marked, so the app knows it started without the server and says so.
    const headers = new Headers(cached.headers);
    headers.set('X-Webphone-Offline', '1');
    return new Response(await cached.blob(), { status: 200, headers });
  }
}

async function phoneState() {
  try {
    const storage = await openDatabase(indexedDB);
    const [account, language, config] = await Promise.all([
      storage.get('account'), storage.get('language'), storage.get('config'),
    ]);
    return { account, config, t: translator(pickLanguage(language, [navigator.language])) };
  } catch {
    return { account: null, config: null, t: translator(pickLanguage(null, [navigator.language])) };
  }
}

self.addEventListener('push', (event) => {
  event.waitUntil((async () => {
    let json = {};
    try {
      json = event.data ? event.data.json() : {};
    } catch {
      json = { kind: 'message', content: event.data?.text() ?? '' };
    }
    const payload = readPayload(json);
    const { t } = await phoneState();
    const shown = notificationFor(payload, t);
    // Tell an open app at once: it may answer the coming INVITE or refresh its lists.
    for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
      client.postMessage({ type: 'push', payload });
    }
    await self.registration.showNotification(shown.title, shown.options);
  })());
});

self.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const outcome = clickOutcome(event.action, notification.data ?? {});
  notification.close();
  event.waitUntil((async () => {
    if (outcome.decline) {
      const { account, config } = await phoneState();
      await declineCall({ callId: outcome.decline, sipApiBase: config?.sipApiUrl, token: account?.token });
      for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
        client.postMessage({ type: 'decline', callId: outcome.decline });
      }
      return;
    }
    if (outcome.open) await openApp(outcome.open, outcome.answer);
  })());
});

/** Focuses an open window of the app (telling it what to do), or opens one at `url`. */
async function openApp(url, answerCallId) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (existing) {
    existing.postMessage({ type: 'navigate', url, answerCallId });
    await existing.focus();
    return;
  }
  await self.clients.openWindow(url);
}
