import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getUser, login } from "~/auth/auth.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import {
  cookieExpiry,
  createSession,
  generateSessionToken,
  invalidateSession,
  sessionCookie,
  sessionIdFromToken,
  validateSessionToken,
} from "~/auth/session.server";
import { STAFF_POLICY, STANDARD_POLICY } from "~/auth/session-policy";
import { ipDelayMs, ipKey, THROTTLE } from "~/auth/throttle.server";
import { db } from "~/db.server";
import { changePassword } from "~/models/accounts.server";
import { DEMO_PASSWORD } from "~/seed/demo.server";
import { loader as sessionsPage } from "~/routes/account.sessions";
import { accounts, loginDevices, loginThrottle, roleAssignments, sessions } from "../../db/schema";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";
import { beforeAll } from "vitest";

withTestDatabase();
beforeAll(async () => {
  await seedDemoData();
});

function requestWithToken(token: string) {
  return new Request("http://localhost/", { headers: { Cookie: `other=1; ctxh_session=${token}` } });
}

describe("passwords", () => {
  it("are argon2id with at least 19 MiB and 2 iterations", async () => {
    const hash = await hashPassword("mật khẩu dài");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "mật khẩu dài")).toBe(true);
    expect(await verifyPassword(hash, "mat khau dai")).toBe(false);
  });
});

describe("sessions", () => {
  it("store only the SHA-256 of the token and resolve the user from the cookie", async () => {
    const learner = await demoActor("qt-learner");
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    await createSession(token, learner.id);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(token)));
    expect(row!.id).not.toContain(token);
    const user = await getUser(requestWithToken(token));
    expect(user?.account.id).toBe(learner.id);
    expect(user?.roles.map((r) => r.role)).toEqual(["learner"]);
  });

  it("slide forward when half their life is used, and end when expired or invalidated", async () => {
    const learner = await demoActor("qt-learner");
    const token = generateSessionToken();
    const session = await createSession(token, learner.id);
    await db.update(sessions).set({ expiresAt: new Date(Date.now() + 5 * 24 * 3600 * 1000) }).where(eq(sessions.id, session.id));
    const renewed = await validateSessionToken(token);
    expect(renewed?.renewed).toBe(true);
    expect(renewed!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, session.id));
    expect(await validateSessionToken(token)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);

    const token2 = generateSessionToken();
    const s2 = await createSession(token2, learner.id);
    await invalidateSession(s2.id);
    expect(await validateSessionToken(token2)).toBeNull();
  });

  it("a password change ends every other session", async () => {
    const trainer = await demoActor("qt-trainer");
    const keep = generateSessionToken();
    const other = generateSessionToken();
    const kept = await createSession(keep, trainer.id);
    await createSession(other, trainer.id);
    expect((await changePassword(trainer.id, kept.id, "sai mật khẩu", "mat-khau-moi-2026")).ok).toBe(false);
    expect((await changePassword(trainer.id, kept.id, DEMO_PASSWORD, "mat-khau-moi-2026")).ok).toBe(true);
    expect(await validateSessionToken(keep)).not.toBeNull();
    expect(await validateSessionToken(other)).toBeNull();
    expect((await login("0905000004", DEMO_PASSWORD, {})).ok).toBe(true);
  });
});

describe("login", () => {
  it("accepts the phone in any common spelling, or the email", async () => {
    for (const spelling of ["0905000004", "0905 000 004", "+84 905 000 004", "+84905000004"]) {
      const result = await login(spelling, DEMO_PASSWORD, { ip: "10.0.0.1" });
      expect(result.ok, spelling).toBe(true);
    }
    expect((await login("ADMIN@ctxh.demo", DEMO_PASSWORD, {})).ok).toBe(true);
  });

  it("says the same thing for a wrong password and an unknown phone", async () => {
    expect(await login("0905000004", "wrong-password", { ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
    expect(await login("0999999999", "wrong-password", { ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a pending account with its own message", async () => {
    expect(await login("0905000009", DEMO_PASSWORD, {})).toEqual({ ok: false, reason: "pending" });
  });

  it(`locks an account after ${THROTTLE.perAccount} failures, even with the right password, from any IP`, async () => {
    const phone = "0905000006";
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      expect((await login(phone, "wrong", { ip: `10.1.0.${i}` })).ok).toBe(false);
    }
    const locked = await login(phone, DEMO_PASSWORD, { ip: "10.9.9.9" });
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    expect((locked as { minutes: number }).minutes).toBeGreaterThan(0);
    // The state is in the database, so another app instance sees it too.
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, `acct:${phone}`));
    expect(row!.failures).toBe(THROTTLE.perAccount);
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it("slows an IP that sprays failures, but never refuses the right password of an unlocked account", async () => {
    const ip = "10.2.0.1";
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    // The wait is not spent here: after each attempt its slot is moved to now, as if it had elapsed.
    const elapse = () => db.update(loginThrottle).set({ nextSlotAt: sql`now()` }).where(eq(loginThrottle.key, ipKey(ip)));
    for (let i = 0; i < 40; i++) {
      expect(await login(`09${String(10000000 + i).padStart(8, "0")}`, "wrong", { ip }, { wait })).toEqual({ ok: false, reason: "invalid" });
      await elapse();
    }
    // The first ten are free; then each attempt waits twice as long as the last, up to the cap.
    // (Each wait is its slot less the database's clock a moment later: to the nearest 10 ms.)
    const steps = waits.map((ms) => Math.round(ms / 10) * 10);
    expect(steps).toHaveLength(40 - THROTTLE.ipFree);
    expect(steps.slice(0, 6)).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    expect(steps.every((ms, i) => ms === ipDelayMs(THROTTLE.ipFree + i))).toBe(true);
    expect(Math.max(...steps)).toBe(THROTTLE.ipMaxDelayMs);
    // The address is never locked: the right password signs in, after one back-off step.
    const ok = await login("0905000007", DEMO_PASSWORD, { ip }, { wait });
    expect(ok.ok).toBe(true);
    expect(Math.round(waits.at(-1)! / 10) * 10).toBe(THROTTLE.ipMaxDelayMs);
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, ipKey(ip)));
    expect(row!.failures).toBe(40);
    expect(row!.lockedUntil).toBeNull();
    // Another address is not slowed at all.
    const before = waits.length;
    expect((await login("0905000007", DEMO_PASSWORD, { ip: "10.2.0.2" }, { wait })).ok).toBe(true);
    expect(waits).toHaveLength(before);
  });

  it("queues parallel attempts from one IP behind each other and turns away the excess before hashing", async () => {
    const ip = "10.2.0.3";
    await db.insert(loginThrottle).values({ key: ipKey(ip), failures: 20 });
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) => login(`09${String(20000000 + i).padStart(8, "0")}`, "wrong", { ip }, { wait })),
    );
    // Parallelism buys nothing: the slots are 5 s apart, as if the attempts had come one by one
    // (each wait is its slot less the database's clock at reservation, which moves on a little)…
    waits.sort((a, b) => a - b);
    expect(waits).toHaveLength(6);
    waits.forEach((ms, k) => {
      expect(ms).toBeLessThanOrEqual((k + 1) * 5000);
      expect(ms).toBeGreaterThan((k + 1) * 5000 - 2000);
    });
    // …and the queue is at most 30 s deep; the rest are refused without a password check (no failure counted).
    expect(results.filter((r) => !r.ok && r.reason === "busy")).toHaveLength(3);
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, ipKey(ip)));
    expect(row!.failures).toBe(26);
  });

  it("refuses a locked account before waiting or hashing, and re-checks the lock after the wait", async () => {
    const ip = "10.2.0.4";
    const phone = "0905000005";
    await db.insert(loginThrottle).values({ key: ipKey(ip), failures: 30 });
    await db.insert(loginThrottle).values({ key: `acct:${phone}`, failures: THROTTLE.perAccount - 1 });
    const waits: number[] = [];
    // While this attempt waits, the account reaches its lock from elsewhere.
    const wait = async (ms: number) => {
      waits.push(ms);
      await login(phone, "wrong", { ip: "10.2.0.5" });
    };
    expect(await login(phone, DEMO_PASSWORD, { ip }, { wait })).toMatchObject({ ok: false, reason: "locked" });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(4_900);
    expect(await login(phone, DEMO_PASSWORD, { ip }, { wait })).toMatchObject({ ok: false, reason: "locked" });
    expect(waits).toHaveLength(1);
    await db.delete(loginThrottle).where(eq(loginThrottle.key, `acct:${phone}`));
  });

  it("a browser that has signed in before is not locked out by strangers' failures, and has its own lock", async () => {
    const phone = "0905000002";
    const first = await login(phone, DEMO_PASSWORD, { ip: "10.4.0.1" });
    expect(first.ok).toBe(true);
    const deviceToken = (first as { deviceToken: string }).deviceToken;
    expect(deviceToken).toMatch(/^[a-z2-7]{32}$/);
    // The database keeps only the token's hash.
    const [stored] = await db.select().from(loginDevices).where(eq(loginDevices.id, sessionIdFromToken(deviceToken)));
    expect(stored!.accountId).toBe((await demoActor("qt-commune")).id);

    // A stranger locks the account by guessing…
    for (let i = 0; i < THROTTLE.perAccount; i++) await login(phone, "wrong", { ip: `10.4.1.${i}` });
    expect(await login(phone, DEMO_PASSWORD, { ip: "10.4.0.1" })).toMatchObject({ ok: false, reason: "locked" });
    // …but the owner's browser still signs in, and earns no second token.
    const owner = await login(phone, DEMO_PASSWORD, { ip: "10.4.0.1", deviceTokens: [deviceToken] });
    expect(owner).toMatchObject({ ok: true, deviceToken: null });

    // The token is worth nothing for another account.
    for (let i = 0; i < THROTTLE.perAccount; i++) await login("0905000001", "wrong", { ip: `10.4.2.${i}` });
    expect(await login("0905000001", DEMO_PASSWORD, { ip: "10.4.0.1", deviceTokens: [deviceToken] })).toMatchObject({ ok: false, reason: "locked" });

    // A stolen cookie gets the account's five guesses, counted against the browser, not the account.
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      expect(await login(phone, "wrong", { ip: "10.4.0.9", deviceTokens: [deviceToken] })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await login(phone, DEMO_PASSWORD, { ip: "10.4.0.9", deviceTokens: [deviceToken] })).toMatchObject({ ok: false, reason: "locked" });
    const [deviceRow] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, `dev:${sessionIdFromToken(deviceToken)}`));
    expect(deviceRow!.failures).toBe(THROTTLE.perAccount);
    await db.delete(loginThrottle).where(eq(loginThrottle.key, `acct:0905000001`));
  });

  it("a browser that has signed in before skips the back-off of its network, even when the queue is full", async () => {
    const ip = "10.4.3.1";
    const first = await login("0905000004", DEMO_PASSWORD, { ip: "10.4.3.2" });
    expect(first.ok).toBe(true);
    const deviceToken = (first as { deviceToken: string }).deviceToken;
    await db.insert(loginThrottle).values({ key: ipKey(ip), failures: 30, nextSlotAt: sql`now() + interval '30 seconds'` });
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    expect(await login("0905000004", DEMO_PASSWORD, { ip }, { wait })).toEqual({ ok: false, reason: "busy" });
    expect((await login("0905000004", DEMO_PASSWORD, { ip, deviceTokens: [deviceToken] }, { wait })).ok).toBe(true);
    expect(waits).toEqual([]);
  });

  it("a disabled account cannot sign in and its sessions stop working", async () => {
    const learner = await demoActor("hue-learner");
    const token = generateSessionToken();
    await createSession(token, learner.id);
    await db.update(accounts).set({ status: "disabled" }).where(eq(accounts.id, learner.id));
    expect(await validateSessionToken(token)).toBeNull();
    expect(await login("0905000007", DEMO_PASSWORD, { ip: "10.3.0.1" })).toEqual({ ok: false, reason: "disabled" });
  });
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("session lifetimes by role", () => {
  it("officers: 30 minutes idle, 12 hours at most even while active", async () => {
    const officer = await demoActor("qt-commune");
    const t0 = Date.now();
    const token = generateSessionToken();
    const created = await createSession(token, officer.id, {}, t0);
    expect(created.expiresAt.getTime()).toBe(t0 + 30 * MINUTE);
    expect(created.absoluteExpiresAt.getTime()).toBe(t0 + 12 * HOUR);

    // Active every 20 minutes: the idle deadline slides, the absolute one does not.
    let at = t0;
    while (at + 20 * MINUTE < t0 + 12 * HOUR) {
      at += 20 * MINUTE;
      const v = await validateSessionToken(token, at);
      expect(v, `at +${(at - t0) / MINUTE} min`).not.toBeNull();
      expect(v!.session.expiresAt.getTime()).toBe(Math.min(at + 30 * MINUTE, t0 + 12 * HOUR));
    }
    expect(await validateSessionToken(token, t0 + 12 * HOUR)).toBeNull();

    // Idle for 31 minutes: gone.
    const idle = generateSessionToken();
    await createSession(idle, officer.id, {}, t0);
    expect(await validateSessionToken(idle, t0 + 29 * MINUTE)).not.toBeNull();
    expect(await validateSessionToken(idle, t0 + 29 * MINUTE + 31 * MINUTE)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(idle)))).toHaveLength(0);
  });

  it("learners: 30 days idle, 90 days at most", async () => {
    const learner = await demoActor("qt-learner");
    const t0 = Date.now();
    const token = generateSessionToken();
    const created = await createSession(token, learner.id, {}, t0);
    expect(created.absoluteExpiresAt.getTime()).toBe(t0 + 90 * DAY);
    for (const day of [29, 58, 87]) expect(await validateSessionToken(token, t0 + day * DAY), `day ${day}`).not.toBeNull();
    expect(await validateSessionToken(token, t0 + 90 * DAY)).toBeNull();

    const idle = generateSessionToken();
    await createSession(idle, learner.id, {}, t0);
    expect(await validateSessionToken(idle, t0 + 31 * DAY)).toBeNull();
  });

  it("officers' cookies last while the browser is open; learners' carry their sliding deadline", async () => {
    const request = new Request("http://localhost/login");
    const officer = await createSession(generateSessionToken(), (await demoActor("hue-province")).id);
    expect(cookieExpiry(officer)).toBeNull();
    expect(sessionCookie(request, "a".repeat(32), cookieExpiry(officer))).not.toMatch(/Expires=|Max-Age=/);
    const learner = await createSession(generateSessionToken(), (await demoActor("qt-learner")).id);
    expect(cookieExpiry(learner)).toEqual(learner.expiresAt);
    expect(sessionCookie(request, "a".repeat(32), cookieExpiry(learner))).toContain(`Expires=${learner.expiresAt.toUTCString()}`);
  });

  it("a learner made officer mid-session falls under the officer's limits at once", async () => {
    const learner = await demoActor("qt-learner");
    const t0 = Date.now();
    const token = generateSessionToken();
    await createSession(token, learner.id, {}, t0);
    const [grant] = await db.insert(roleAssignments).values({ accountId: learner.id, role: "commune_officer", unitId: null }).returning();
    try {
      const v = await validateSessionToken(token, t0 + 10 * MINUTE);
      expect(v!.session.expiresAt.getTime()).toBe(t0 + 40 * MINUTE);
      expect(v!.session.absoluteExpiresAt.getTime()).toBe(t0 + 12 * HOUR);
      expect(await validateSessionToken(token, t0 + 41 * MINUTE)).toBeNull();
    } finally {
      await db.delete(roleAssignments).where(and(eq(roleAssignments.id, grant!.id)));
    }
  });

  it("the sessions page shows both deadlines and the policy that sets them", async () => {
    const officer = await demoActor("qt-province");
    const token = generateSessionToken();
    const session = await createSession(token, officer.id);
    const page = await sessionsPage({ request: requestWithToken(token), params: {}, context: {} });
    expect(page.policy).toEqual({ kind: "staff", idle: { unit: "minutes", n: 30 }, absolute: { unit: "hours", n: 12 } });
    const shown = page.sessions.find((s) => s.current)!;
    // The app's one date-time form (formatDateTime, vi-VN): "HH:mm dd/mm/yyyy".
    const dateTime = /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/;
    expect(shown.expiresAt).toMatch(dateTime);
    expect(shown.absoluteExpiresAt).toMatch(dateTime);
    expect(shown.absoluteExpiresAt).not.toBe(shown.expiresAt);
    expect(session.absoluteExpiresAt.getTime() - session.createdAt.getTime()).toBe(STAFF_POLICY.absoluteMs);

    const learner = await demoActor("qt-learner");
    const own = generateSessionToken();
    await createSession(own, learner.id);
    const learnerPage = await sessionsPage({ request: requestWithToken(own), params: {}, context: {} });
    expect(learnerPage.policy.kind).toBe(STANDARD_POLICY.kind);
    expect(learnerPage.policy.absolute).toEqual({ unit: "days", n: 90 });
  });
});
