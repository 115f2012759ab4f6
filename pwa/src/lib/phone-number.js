// Phone numbers as people type them and as the community writes them.
// Pure functions: no DOM, no storage, so the unit tests cover them fully.

/** Characters a dial string may hold: digits, the DTMF symbols and a leading plus. */
const DIALABLE = /[^0-9*#+]/g;

/**
 * Keeps only what can be dialled: "+52 (999) 100-123" -> "+52999100123".
 * A plus is kept only in front, where it means an international number.
 */
export function normalizeDialString(input) {
  const kept = String(input ?? '').replace(DIALABLE, '');
  const plus = kept.startsWith('+') ? '+' : '';
  return plus + kept.replace(/\+/g, '');
}

/**
 * Groups digits the way the community writes its numbers. The default groups 3-3-5 give
 * "999 100 12345" for the 11-digit numbers allocatenumber hands out (prefix 999100 + 5 digits).
 * Numbers of another length are grouped from the left in threes, with a shorter last group, so
 * a partly typed number already reads well on the dial pad.
 */
export function formatNumber(input, groups = [3, 3, 5]) {
  const number = normalizeDialString(input);
  if (number === '' || /[*#]/.test(number)) return number;
  const plus = number.startsWith('+') ? '+' : '';
  const digits = number.slice(plus.length);
  const total = groups.reduce((sum, size) => sum + size, 0);
  const sizes = digits.length === total ? groups : threes(digits.length);
  const parts = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return plus + parts.join(' ');
}

function threes(length) {
  const sizes = [];
  for (let left = length; left > 0; left -= 3) sizes.push(Math.min(3, left));
  return sizes;
}

/** The user part of a SIP URI, e.g. "sip:99910012345@example.org" -> "99910012345". */
export function userOf(uri) {
  const text = String(uri ?? '').trim().replace(/^<|>$/g, '');
  const match = /^(?:sips?:)?([^@;>]+)@/i.exec(text);
  return match ? decodeURIComponent(match[1]) : text.replace(/^sips?:/i, '');
}

/** A SIP URI for what was dialled, in our domain unless it already names one. */
export function toSipUri(dialled, domain) {
  const text = String(dialled ?? '').trim();
  if (/^sips?:/i.test(text)) return text;
  if (text.includes('@')) return `sip:${text}`;
  return `sip:${normalizeDialString(text)}@${domain}`;
}

/** Whether two written numbers are the same number ("999 100 12345" and "99910012345"). */
export function sameNumber(a, b) {
  return normalizeDialString(userOf(a)) === normalizeDialString(userOf(b));
}

/** "m:ss" or "h:mm:ss" for a call timer or a history entry. */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.floor(totalSeconds || 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
