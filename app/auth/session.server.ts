// Sessions as Lucia's current guide describes them: a random token lives only
// in the cookie; the database keeps its SHA-256. Each session has an idle
// deadline that slides with use and an absolute one that never moves; how
// long each is depends on the account's roles (./session-policy.ts).
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, ne } from "drizzle-orm";
import { db } from "~/db.server";
import { cookieSecureMode } from "~/env.server";
import { accounts, roleAssignments, sessions } from "../../db/schema";
import { sessionPolicyFor, STAFF_POLICY, type SessionPolicy } from "./session-policy";

export const SESSION_COOKIE = "ctxh_session";

export type Session = typeof sessions.$inferSelect;
export type SessionAccount = typeof accounts.$inferSelect;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

async function roleNames(accountId: number): Promise<string[]> {
  const rows = await db.select({ role: roleAssignments.role }).from(roleAssignments).where(eq(roleAssignments.accountId, accountId));
  return rows.map((r) => r.role);
}

export async function createSession(
  token: string,
  accountId: number,
  meta: { userAgent?: string | null; ip?: string | null } = {},
  now = Date.now(),
): Promise<Session> {
  const policy = sessionPolicyFor(await roleNames(accountId));
  const [session] = await db
    .insert(sessions)
    .values({
      id: sessionIdFromToken(token),
      accountId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + policy.idleMs),
      absoluteExpiresAt: new Date(now + policy.absoluteMs),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    })
    .returning();
  return session!;
}

export type SessionValidation = { session: Session; account: SessionAccount; renewed: boolean } | null;

/** Resolves a token (tests and scripts; requests go through auth.server's getUser). */
export async function validateSessionToken(token: string, now = Date.now()): Promise<SessionValidation> {
  const id = sessionIdFromToken(token);
  const rows = await db
    .select({ session: sessions, account: accounts })
    .from(sessions)
    .innerJoin(accounts, eq(sessions.accountId, accounts.id))
    .where(eq(sessions.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return settleSession(row, await roleNames(row.account.id), now);
}

/**
 * The deadlines of a session under the account's current roles: a learner
 * made officer mid-session falls under the officer's limits at once.
 */
export function sessionDeadlines(session: Session, policy: SessionPolicy) {
  const absolute = Math.min(session.absoluteExpiresAt.getTime(), session.createdAt.getTime() + policy.absoluteMs);
  const idle = Math.min(session.expiresAt.getTime(), session.lastSeenAt.getTime() + policy.idleMs, absolute);
  return { idle, absolute };
}

/**
 * Expiry and sliding renewal for a session row the caller has read (with its
 * account and role names): auth.server reads all three in one query.
 */
export async function settleSession<R extends { session: Session; account: SessionAccount }>(
  row: R,
  roles: readonly string[],
  now = Date.now(),
): Promise<(R & { renewed: boolean }) | null> {
  const id = row.session.id;
  const policy = sessionPolicyFor(roles);
  const { idle, absolute } = sessionDeadlines(row.session, policy);
  if (now >= idle || row.account.status !== "active") {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const slid = Math.min(now + policy.idleMs, absolute);
  // Write when the idle deadline is close enough to be worth moving (at most
  // once a minute for staff), or when a tighter policy now applies.
  const tightened = idle < row.session.expiresAt.getTime() || absolute < row.session.absoluteExpiresAt.getTime();
  let renewed = false;
  if ((idle - now < policy.renewWhenLeftMs && slid > idle) || tightened) {
    row.session.expiresAt = new Date(slid);
    row.session.absoluteExpiresAt = new Date(absolute);
    row.session.lastSeenAt = new Date(now);
    await db
      .update(sessions)
      .set({ expiresAt: row.session.expiresAt, absoluteExpiresAt: row.session.absoluteExpiresAt, lastSeenAt: row.session.lastSeenAt })
      .where(eq(sessions.id, id));
    renewed = true;
  }
  return { ...row, renewed };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateAccountSessions(accountId: number, exceptSessionId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.accountId, accountId), ne(sessions.id, exceptSessionId))
        : eq(sessions.accountId, accountId),
    );
}

export async function listAccountSessions(accountId: number): Promise<Session[]> {
  return db.select().from(sessions).where(eq(sessions.accountId, accountId)).orderBy(sessions.lastSeenAt);
}

export async function revokeAccountSession(accountId: number, sessionId: string): Promise<boolean> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.accountId, accountId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}

// --- cookie -----------------------------------------------------------------

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * Secure only where the browser will send the cookie back: over HTTPS, as
 * the request arrived (Express's req.protocol, which follows X-Forwarded-Proto
 * only from a trusted proxy, is the scheme of request.url). A phone on
 * http://192.168.1.10:3000 drops a Secure cookie and would never sign in.
 */
export function cookieIsSecure(request: Request): boolean {
  if (cookieSecureMode !== "auto") return cookieSecureMode === "always";
  return new URL(request.url).protocol === "https:";
}

/**
 * When the cookie should expire: with a learner's session, or never for
 * short (staff) sessions, whose cookie lasts while the browser is open. Their
 * idle deadline moves every minute, and client-side navigations do not all
 * pass through the root loader that refreshes the cookie: a cookie dated to it
 * could lapse under an active officer. The server's deadlines are what count.
 */
export function cookieExpiry(session: Session): Date | null {
  const short = session.absoluteExpiresAt.getTime() - session.createdAt.getTime() <= STAFF_POLICY.absoluteMs;
  return short ? null : session.expiresAt;
}

export function sessionCookie(request: Request, token: string, expiresAt: Date | null): string {
  const attrs = [`${SESSION_COOKIE}=${token}`, "HttpOnly", "SameSite=Lax", "Path=/"];
  if (expiresAt) attrs.push(`Expires=${expiresAt.toUTCString()}`);
  if (cookieIsSecure(request)) attrs.push("Secure");
  return attrs.join("; ");
}

export function blankSessionCookie(request: Request): string {
  const attrs = [`${SESSION_COOKIE}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0"];
  if (cookieIsSecure(request)) attrs.push("Secure");
  return attrs.join("; ");
}
