// A small in-memory sliding-window limiter for public endpoints (per app
// instance; login throttling, which must hold across instances, lives in the
// database instead).
const windows = new Map<string, number[]>();

export function rateLimited(key: string, limit: number, windowMs: number, now = Date.now()): boolean {
  const hits = (windows.get(key) ?? []).filter((t) => t > now - windowMs);
  if (hits.length >= limit) {
    windows.set(key, hits);
    return true;
  }
  hits.push(now);
  windows.set(key, hits);
  if (windows.size > 10_000) {
    for (const [k, v] of windows) if (!v.some((t) => t > now - windowMs)) windows.delete(k);
  }
  return false;
}
