// Who is asking: the signed-in account, its roles, and the guards loaders and
// actions call before touching data.
import { redirect } from "@remix-run/node";
import { eq, or, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { requestMemo } from "~/request-scope.server";
import { normalizePhone } from "~/lib/phone";
import { accounts, adminUnits, roleAssignments, sessions } from "../../db/schema";
import { decoyHash, verifyPassword } from "./password.server";
import { can, type Grantee, type Permission, type ScopedRole } from "./permissions.server";
import {
  cookieExpiry,
  createSession,
  generateSessionToken,
  readSessionToken,
  sessionCookie,
  sessionIdFromToken,
  settleSession,
  type Session,
  type SessionAccount,
} from "./session.server";
import { issueDeviceToken, trustedDevice } from "./device.server";
import { accountKey, clearLoginFailures, deviceKey, lockedMinutes, recordDeviceFailure, recordLoginFailure, reserveIpSlot } from "./throttle.server";

export interface CurrentUser extends Grantee {
  account: SessionAccount;
  session: Session;
  /** A Set-Cookie value when the session's expiry slid forward on this request. */
  refreshedCookie: string | null;
}


interface RoleRow {
  role: ScopedRole["role"];
  unitId: number | null;
  unitPath: string | null;
  unitName: string | null;
}

function scopedRole(r: RoleRow): ScopedRole {
  return {
    role: r.role,
    unitId: r.unitId,
    // A non-admin role whose unit vanished must not widen to national scope.
    unitPath: r.unitId === null ? (r.role === "admin" ? null : "/none/") : (r.unitPath ?? "/none/"),
    unitName: r.unitName,
  };
}

export async function loadRoles(accountId: number): Promise<ScopedRole[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      unitId: roleAssignments.unitId,
      unitPath: adminUnits.path,
      unitName: adminUnits.fullName,
    })
    .from(roleAssignments)
    .leftJoin(adminUnits, eq(roleAssignments.unitId, adminUnits.id))
    .where(eq(roleAssignments.accountId, accountId));
  return rows.map(scopedRole);
}

// The account's roles as one JSON value, so that every signed-in request reads
// session, account and roles in a single round trip.
const rolesOfAccount = sql<RoleRow[] | null>`(
  select json_agg(json_build_object('role', ${roleAssignments.role}, 'unitId', ${roleAssignments.unitId}, 'unitPath', ${adminUnits.path}, 'unitName', ${adminUnits.fullName}))
  from ${roleAssignments} left join ${adminUnits} on ${adminUnits.id} = ${roleAssignments.unitId}
  where ${roleAssignments.accountId} = ${accounts.id}
)`;

async function resolveUser(request: Request): Promise<CurrentUser | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const rows = await db
    .select({ session: sessions, account: accounts, roles: rolesOfAccount })
    .from(sessions)
    .innerJoin(accounts, eq(sessions.accountId, accounts.id))
    .where(eq(sessions.id, sessionIdFromToken(token)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  // postgres-js and PGlite both parse json; guard against a driver handing back text.
  const roles = typeof row.roles === "string" ? (JSON.parse(row.roles) as RoleRow[]) : (row.roles ?? []);
  const result = await settleSession(row, roles.map((r) => r.role));
  if (!result) return null;
  return {
    account: result.account,
    session: result.session,
    roles: roles.map(scopedRole),
    // A browser-session cookie (staff) needs no refresh; a dated one follows the sliding deadline.
    refreshedCookie: result.renewed && cookieExpiry(result.session) ? sessionCookie(request, token, cookieExpiry(result.session)) : null,
  };
}

/** The signed-in user, or null. Resolved once per request however many loaders ask. */
export function getUser(request: Request): Promise<CurrentUser | null> {
  return requestMemo(`user:${readSessionToken(request) ?? ""}`, () => resolveUser(request));
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

/** Requires the permission somewhere (or, with `unitPath`, on that unit). */
export async function requirePermission(
  request: Request,
  permission: Permission,
  unitPath?: string | null,
): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, permission, unitPath)) forbidden();
  return user;
}

export { safeRedirect } from "~/lib/safe-redirect";

export type LoginResult =
  | {
      ok: true;
      token: string;
      session: Session;
      account: SessionAccount;
      /** A device token earned by this sign-in (none when the browser already had one for the account). */
      deviceToken: string | null;
    }
  | { ok: false; reason: "invalid" | "locked" | "busy" | "pending" | "disabled"; minutes?: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks a phone-or-email and password, with throttling; opens a session on
 * success. Refusals that need no password check (a locked account or device,
 * an IP whose queue is full) come before argon2 runs.
 */
export async function login(
  identifier: string,
  password: string,
  meta: { ip?: string; userAgent?: string | null; deviceTokens?: string[] },
  // Tests pass their own wait to see the back-off without spending it.
  options: { wait?: (ms: number) => Promise<void> } = {},
): Promise<LoginResult> {
  const phone = normalizePhone(identifier);
  const email = identifier.includes("@") ? identifier.trim().toLowerCase() : null;
  const loginName = phone ?? email ?? identifier.trim().toLowerCase();

  const conditions = [];
  if (phone) conditions.push(eq(accounts.phone, phone));
  if (email) conditions.push(sql`lower(${accounts.email}) = ${email}`);
  const account = conditions.length
    ? (await db.select().from(accounts).where(or(...conditions)).limit(1))[0]
    : undefined;

  // A browser that has signed in to this account before answers to its own
  // lock only: strangers' guesses at the account or from its network do not hold it back.
  const device = account && meta.deviceTokens?.length ? await trustedDevice(meta.deviceTokens, account.id) : null;
  const keys = device ? [deviceKey(device)] : [accountKey(loginName)];
  let minutes = await lockedMinutes(keys);
  if (minutes > 0) return { ok: false, reason: "locked", minutes };

  // An address with many recent failures is slowed, never locked: the right
  // password of an unlocked account still signs in, after the wait.
  if (meta.ip && !device) {
    const slot = await reserveIpSlot(meta.ip);
    if ("busy" in slot) return { ok: false, reason: "busy" };
    if (slot.waitMs > 0) {
      await (options.wait ?? sleep)(slot.waitMs);
      // Failures queued ahead of this attempt may have locked the account meanwhile.
      minutes = await lockedMinutes(keys);
      if (minutes > 0) return { ok: false, reason: "locked", minutes };
    }
  }

  const valid = account?.passwordHash
    ? await verifyPassword(account.passwordHash, password)
    : (await verifyPassword(await decoyHash(), password), false);

  if (!account || !valid) {
    if (device) await recordDeviceFailure(device);
    else await recordLoginFailure(loginName, meta.ip);
    return { ok: false, reason: "invalid" };
  }
  if (account.status === "pending") return { ok: false, reason: "pending" };
  if (account.status !== "active") return { ok: false, reason: "disabled" };

  await clearLoginFailures(loginName, device);
  const deviceToken = device ? null : await issueDeviceToken(account.id);
  const token = generateSessionToken();
  const session = await createSession(token, account.id, meta);
  return { ok: true, token, session, account, deviceToken };
}

/** A signed-in user who is a person on the roster (only people take courses). */
export async function requireLearner(request: Request): Promise<CurrentUser & { personId: number }> {
  const user = await requireUser(request);
  if (!user.account.personId) forbidden();
  return Object.assign(user, { personId: user.account.personId });
}
