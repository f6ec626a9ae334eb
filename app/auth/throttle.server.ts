// Failed-login throttling, with its state in the database so it holds across
// app instances (decision 016, class 7).
//
// Per login name: a hard lock (5 failures in 15 minutes → 15 minutes), since
// guessing one account's password is the attack it stops. A browser holding a
// device cookie for the account (./device.server.ts) skips that lock and the
// IP back-off, and has the same lock of its own instead.
//
// Per IP: never a lock. One address is often many people (a commune office's
// NAT, a proxy), so its failures only slow it down: past a free allowance,
// every attempt from the address waits for a time slot, spaced by a delay that
// grows with the address's recent failures up to a cap. Slots are reserved in
// one UPDATE, so parallel requests (from any process) queue behind each other
// instead of parallelising around the delay; an attempt whose slot would be
// too far off is turned away before any password hashing.
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { loginThrottle } from "../../db/schema";

export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  perAccount: 5,
  /** Failures from one IP within the window before its attempts wait. */
  ipFree: 10,
  /** First back-off step; doubles with each further failure… */
  ipBaseDelayMs: 250,
  /** …up to this (a correct password waits at most this long per attempt). */
  ipMaxDelayMs: 5_000,
  /** An attempt whose slot is further off than this is turned away (about 6 queued at the cap). */
  ipMaxWaitMs: 30_000,
} as const;

export function accountKey(login: string) {
  return `acct:${login.toLowerCase()}`;
}
export function ipKey(ip: string) {
  return `ip:${ip}`;
}
/** A trusted browser's own count (./device.server.ts), by its token's hash. */
export function deviceKey(deviceId: string) {
  return `dev:${deviceId}`;
}

const stale = sql`${loginThrottle.windowStart} < now() - make_interval(mins => ${THROTTLE.windowMinutes})`;

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

/** The spacing between attempts from an IP with this many failures in the window. */
export function ipDelayMs(failures: number): number {
  if (failures < THROTTLE.ipFree) return 0;
  return Math.min(THROTTLE.ipMaxDelayMs, THROTTLE.ipBaseDelayMs * 2 ** Math.min(failures - THROTTLE.ipFree, 16));
}

export type IpSlot = { waitMs: number } | { busy: true };

/**
 * Reserves the next attempt slot for an IP: how long to wait before checking
 * the password (0 when the address has few recent failures), or busy when the
 * queue is already ipMaxWaitMs deep.
 */
export async function reserveIpSlot(ip: string): Promise<IpSlot> {
  const key = ipKey(ip);
  const [row] = await db
    .select({ failures: sql<number>`case when ${stale} then 0 else ${loginThrottle.failures} end` })
    .from(loginThrottle)
    .where(eq(loginThrottle.key, key));
  const delay = ipDelayMs(Number(row?.failures ?? 0));
  if (delay === 0) return { waitMs: 0 };
  // The slot after the last one reserved (or after now), computed and taken
  // in one statement on the database's clock. clock_timestamp(), not now():
  // a statement that waited on the row lock must not count from before it.
  const slot = sql`greatest(coalesce(${loginThrottle.nextSlotAt}, clock_timestamp()), clock_timestamp()) + make_interval(secs => ${delay / 1000})`;
  const [reserved] = await db
    .update(loginThrottle)
    .set({ nextSlotAt: slot })
    .where(and(eq(loginThrottle.key, key), sql`${slot} <= clock_timestamp() + make_interval(secs => ${THROTTLE.ipMaxWaitMs / 1000})`))
    .returning({ waitMs: sql<number>`extract(epoch from (${loginThrottle.nextSlotAt} - clock_timestamp())) * 1000` });
  if (!reserved) return { busy: true };
  return { waitMs: Math.max(0, Math.round(Number(reserved.waitMs))) };
}

async function recordFailure(key: string, lockAfter: number | null) {
  const nextCount = sql`case when ${stale} then 1 else ${loginThrottle.failures} + 1 end`;
  const lock = sql`now() + make_interval(mins => ${THROTTLE.lockMinutes})`;
  await db
    .insert(loginThrottle)
    .values({ key, failures: 1, lockedUntil: lockAfter !== null && lockAfter <= 1 ? lock : null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: nextCount,
        windowStart: sql`case when ${stale} then now() else ${loginThrottle.windowStart} end`,
        lockedUntil:
          lockAfter === null ? sql`${loginThrottle.lockedUntil}` : sql`case when ${nextCount} >= ${lockAfter} then ${lock} else ${loginThrottle.lockedUntil} end`,
      },
    });
}

export async function recordLoginFailure(login: string, ip: string | undefined) {
  await recordFailure(accountKey(login), THROTTLE.perAccount);
  // The IP's count only feeds its back-off; an address is never locked.
  if (ip) await recordFailure(ipKey(ip), null);
}

/** A failure from a trusted browser counts against that browser alone, with the account's limit. */
export async function recordDeviceFailure(deviceId: string) {
  await recordFailure(deviceKey(deviceId), THROTTLE.perAccount);
}

/** A success clears the account's count (and the browser's), not the IP's: a sprayer could sign in to its own account. */
export async function clearLoginFailures(login: string, deviceId?: string | null) {
  const keys = [accountKey(login)];
  if (deviceId) keys.push(deviceKey(deviceId));
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys));
}
