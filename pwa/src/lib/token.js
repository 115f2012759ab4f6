// Keeps the device token (allocatenumber's JWT) fresh. The phone has no password, only the HA1,
// and RFC 7616 HTTP Digest needs nothing more: GET /api/v1/tokens/challenge, then POST
// /api/v1/tokens with a Digest answer computed from the HA1 (services/allocatenumber/README.md).

import { calculateMD5 } from 'jssip/lib/Utils.js';

const TOKEN_PATH = '/api/v1/tokens';
/** Renew this long before the token runs out, so a phone used once a week never holds a dead one. */
export const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

export function tokenNeedsRenewal(account, now = Date.now()) {
  const expires = Date.parse(account?.tokenExpiresAt ?? '');
  return Number.isNaN(expires) || expires - now < RENEW_BEFORE_MS;
}

/** RFC 7616 §3.4.1 with qop=auth and MD5: response = MD5(HA1:nonce:nc:cnonce:qop:MD5(method:uri)). */
export function digestAuthorization({ username, realm, ha1, nonce, method, uri, cnonce, nc = '00000001' }) {
  const ha2 = calculateMD5(`${method}:${uri}`);
  const response = calculateMD5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", `
    + `algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}

/** Gets a new token; returns {token, tokenExpiresAt} or throws with the server's sentence. */
export async function renewToken(apiBase, account, {
  fetchImpl = globalThis.fetch,
  cnonce = crypto.randomUUID().replace(/-/g, ''),
} = {}) {
  const challengeResponse = await fetchImpl(`${apiBase}${TOKEN_PATH}/challenge`);
  if (!challengeResponse.ok) throw new Error(`challenge ${challengeResponse.status}`);
  const challenge = await challengeResponse.json();
  if (challenge.realm !== account.realm) {
    // The HA1 was made for another realm: it cannot answer this challenge.
    throw new Error(`realm ${challenge.realm} is not ${account.realm}`);
  }
  const authorization = digestAuthorization({
    username: account.number, realm: challenge.realm, ha1: account.ha1, nonce: challenge.nonce,
    method: 'POST', uri: challenge.uri ?? TOKEN_PATH, cnonce,
  });
  const response = await fetchImpl(`${apiBase}${TOKEN_PATH}`, { method: 'POST', headers: { Authorization: authorization } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `tokens ${response.status}`);
  return { token: body.token, tokenExpiresAt: body.tokenExpiresAt };
}
