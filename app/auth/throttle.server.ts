// Failed-login throttling, per login name and per IP, with its state in the
// database so it holds across app instances.
import { inArray, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { loginThrottle } from "../../db/schema";

export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  perAccount: 5,
  perIp: 30,
} as const;

export function accountKey(login: string) {
  return `acct:${login.toLowerCase()}`;
}
export function ipKey(ip: string) {
  return `ip:${ip}`;
}

/** Minutes until the first of these keys unlocks, or 0 if none is locked. */
export async function lockedMinutes(keys: string[]): Promise<number> {
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(inArray(loginThrottle.key, keys));
  const now = Date.now();
  const until = Math.max(0, ...rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() : 0)));
  return until > now ? Math.ceil((until - now) / 60_000) : 0;
}

async function recordFailure(key: string, limit: number) {
  const stale = sql`${loginThrottle.windowStart} < now() - make_interval(mins => ${THROTTLE.windowMinutes})`;
  const nextCount = sql`case when ${stale} then 1 else ${loginThrottle.failures} + 1 end`;
  await db
    .insert(loginThrottle)
    .values({
      key,
      failures: 1,
      lockedUntil: limit <= 1 ? sql`now() + make_interval(mins => ${THROTTLE.lockMinutes})` : null,
    })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: nextCount,
        windowStart: sql`case when ${stale} then now() else ${loginThrottle.windowStart} end`,
        lockedUntil: sql`case when ${nextCount} >= ${limit} then now() + make_interval(mins => ${THROTTLE.lockMinutes}) else ${loginThrottle.lockedUntil} end`,
      },
    });
}

export async function recordLoginFailure(login: string, ip: string | undefined) {
  await recordFailure(accountKey(login), THROTTLE.perAccount);
  if (ip) await recordFailure(ipKey(ip), THROTTLE.perIp);
}

export async function clearLoginFailures(login: string) {
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [accountKey(login)]));
}
