// What scenarios need from the generated data: signed-in sessions for a mix
// of roles, and many distinct accounts to log in with.
import { and, eq, like, sql } from "drizzle-orm";
import { generateSessionToken, SESSION_COOKIE, sessionIdFromToken } from "~/auth/session.server";
import { db } from "~/db.server";
import { accounts, roleAssignments, sessions, type Role } from "../db/schema";
import { ACCOUNT_PHONE_PREFIX, BENCH_USER_AGENT } from "./config";

export interface BenchSession {
  accountId: number;
  personId: number;
  role: Role;
  displayName: string;
  cookie: string;
}

// A stable but scattered order, so the picks spread over the whole country.
const scattered = sql`md5(${accounts.id}::text)`;

/** Active accounts whose highest role is `role` (learners: no other role at all). */
async function accountsWithRole(role: Role, limit: number) {
  const holds = (r: Role) => sql`exists (select 1 from ${roleAssignments} r where r.account_id = ${accounts.id} and r.role = ${r})`;
  const onlyLearner = sql`not exists (select 1 from ${roleAssignments} r where r.account_id = ${accounts.id} and r.role <> 'learner')`;
  return db
    .select({ id: accounts.id, displayName: accounts.displayName, personId: accounts.personId })
    .from(accounts)
    .where(and(eq(accounts.status, "active"), holds(role), role === "learner" ? onlyLearner : undefined))
    .orderBy(scattered)
    .limit(limit);
}

/** Opens sessions straight in the database (as login would), `mix[role]` accounts per role. */
export async function openBenchSessions(mix: Partial<Record<Role, number>>): Promise<BenchSession[]> {
  const byRole: BenchSession[][] = [];
  const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  for (const [role, n] of Object.entries(mix) as [Role, number][]) {
    const picked = await accountsWithRole(role, n);
    if (picked.length < n) throw new Error(`Only ${picked.length} active ${role} accounts, wanted ${n}`);
    const rows = picked.map((a) => ({ account: a, token: generateSessionToken() }));
    await db.insert(sessions).values(
      rows.map((r) => ({ id: sessionIdFromToken(r.token), accountId: r.account.id, expiresAt, absoluteExpiresAt: expiresAt, userAgent: BENCH_USER_AGENT })),
    );
    byRole.push(rows.map((r) => ({ accountId: r.account.id, personId: r.account.personId!, role, displayName: r.account.displayName, cookie: `${SESSION_COOKIE}=${r.token}` })));
  }
  // Spread each role evenly over the list, so any stretch of a rotation carries the same mix.
  return byRole
    .flatMap((list) => list.map((session, i) => ({ session, at: (i + 0.5) / list.length })))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.session);
}

/** Phones of `n` active generated accounts (all share the bench password). */
export async function loginPhones(n: number): Promise<string[]> {
  const rows = await db
    .select({ phone: accounts.phone })
    .from(accounts)
    .where(and(eq(accounts.status, "active"), like(accounts.phone, `${ACCOUNT_PHONE_PREFIX}%`)))
    .orderBy(scattered)
    .limit(n);
  return rows.map((r) => r.phone!);
}

/** Removes sessions opened by the harness (directly or by the login scenario). */
export async function dropBenchSessions() {
  await db.delete(sessions).where(eq(sessions.userAgent, BENCH_USER_AGENT));
}
