// Retry delays: exponential with full jitter, capped, so many phones that lost the server at the
// same moment do not all come back at the same second.

export function backoffDelay(attempt, { base = 1000, cap = 60000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
