// Web Push for a phone: get the server's VAPID key, subscribe, and hand the subscription to
// webpush under this device's id, authenticated with the device token (services/webpush/README.md).

/** base64url (VAPID public key) -> the bytes pushManager.subscribe wants. */
export function base64UrlToBytes(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether two keys are the same bytes (a changed VAPID key needs a new subscription). */
function sameKey(a, b) {
  if (!a || !b || a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((value, i) => value === y[i]);
}

/**
 * Subscribes (or reuses the subscription) and stores it at webpush.
 * Returns 'subscribed', or throws with a message the settings screen shows.
 */
/** A browser without a reachable push service may never settle subscribe(); give up after this. */
export const SUBSCRIBE_TIMEOUT_MS = 20000;

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function subscribeToPush({ registration, webpushApi, deviceId, token, fetchImpl = globalThis.fetch, timeoutMs = SUBSCRIBE_TIMEOUT_MS }) {
  if (!registration?.pushManager) throw new Error('push-unsupported');
  const keyResponse = await fetchImpl(`${webpushApi}/api/v1/push/public-key`);
  if (!keyResponse.ok) throw new Error(`public-key ${keyResponse.status}`);
  const { publicKey } = await keyResponse.json();
  const applicationServerKey = base64UrlToBytes(publicKey);

  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options?.applicationServerKey, applicationServerKey.buffer)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await withTimeout(
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }),
    timeoutMs, 'the browser\'s push service did not answer');

  const stored = await fetchImpl(`${webpushApi}/api/v1/push/subscriptions/${encodeURIComponent(deviceId)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(subscription.toJSON()),
  });
  if (!stored.ok) {
    const body = await stored.json().catch(() => ({}));
    throw new Error(body.message ?? `subscription ${stored.status}`);
  }
  return 'subscribed';
}
