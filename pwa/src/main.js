// Entry point: read the deployment's config, open the device store, start the app, and register
// the service worker (production builds only; the dev server has no /sw.js).
import './styles.css';
import { App } from './app.js';
import { openDatabase } from './lib/storage.js';

/* global __APP_VERSION__ */

async function loadConfig(storage) {
  try {
    const response = await fetch('/config.json', { cache: 'no-cache' });
    if (response.ok) return { config: await response.json(), offline: response.headers.get('X-Webphone-Offline') === '1' };
  } catch {
    // Offline: the copy kept from the last start (the service worker may also have served one).
  }
  return { config: (await storage.get('config')) ?? {}, offline: true };
}

async function main() {
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
  const storage = await openDatabase();
  const { config, offline } = await loadConfig(storage);
  const app = new App({ storage, config, version: __APP_VERSION__ });
  app.serverUnreachable = offline;
  window.webphone = app; // for the end-to-end tests and for debugging from the console
  await app.start();
}

main();
