// First run: ask allocatenumber for a number and turn the answer into what the phone keeps.
// The password is used once, to compute the digest HA1, and then forgotten: only the HA1 is
// stored (JsSIP authenticates with `ha1` + `realm`), so a stolen device store does not reveal it.

import { calculateMD5 } from 'jssip/lib/Utils.js';
import { backoffDelay, sleep } from './backoff.js';

/** allocatenumber said no, and asking again will not help (e.g. no numbers left). */
export class AllocationRefused extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** RFC 2617/3261 digest HA1 = MD5(username ":" realm ":" password). */
export function digestHa1(username, realm, password) {
  return calculateMD5(`${username}:${realm}:${password}`);
}

/** What the device stores from an allocation answer: never the password. */
export function accountFrom(answer) {
  const realm = answer.sipDomain;
  return {
    number: answer.number,
    sipDomain: answer.sipDomain,
    realm,
    ha1: digestHa1(answer.number, realm, answer.password),
    sipUri: answer.sipUri ?? `sip:${answer.number}@${answer.sipDomain}`,
    wsUri: answer.wsUri ?? null,
    token: answer.token,
    tokenExpiresAt: answer.tokenExpiresAt ?? null,
  };
}

function retryAfterMs(response) {
  const value = response.headers.get('Retry-After');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * POSTs /api/v1/numbers until it works. Network errors, 429 and 5xx other than "pool exhausted"
 * are retried with backoff (429 waits as long as Retry-After says); any other refusal throws
 * AllocationRefused with the server's own sentence. `onRetry(attempt, delayMs, why)` lets the
 * screen say what is going on.
 */
export async function allocateNumber(apiBase, {
  fetchImpl = globalThis.fetch,
  wait = sleep,
  maxAttempts = 8,
  onRetry = () => {},
  prefix,
} = {}) {
  let lastProblem = null;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let response;
    try {
      response = await fetchImpl(`${apiBase}/api/v1/numbers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(prefix ? { prefix } : {}),
      });
    } catch (networkError) {
      lastProblem = new AllocationRefused('network', networkError.message || 'network error', 0);
      const delay = backoffDelay(attempt);
      onRetry(attempt + 1, delay, 'network');
      await wait(delay);
      continue;
    }
    if (response.status === 201 || response.status === 200) {
      return accountFrom(await response.json());
    }
    const body = await response.json().catch(() => ({}));
    const code = body.error ?? `http_${response.status}`;
    const message = body.message ?? response.statusText ?? code;
    const retryable = response.status === 429 || (response.status >= 500 && code !== 'pool_exhausted');
    if (!retryable) throw new AllocationRefused(code, message, response.status);
    lastProblem = new AllocationRefused(code, message, response.status);
    const delay = retryAfterMs(response) ?? backoffDelay(attempt);
    onRetry(attempt + 1, delay, code);
    await wait(delay);
  }
  throw lastProblem ?? new AllocationRefused('gave_up', 'no answer', 0);
}
