import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getUser, login } from "~/auth/auth.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { createSession, generateSessionToken, invalidateSession, sessionIdFromToken, validateSessionToken } from "~/auth/session.server";
import { THROTTLE } from "~/auth/throttle.server";
import { db } from "~/db.server";
import { changePassword } from "~/models/accounts.server";
import { DEMO_PASSWORD } from "~/seed/demo.server";
import { accounts, loginThrottle, sessions } from "../../db/schema";
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
    expect((await login("0905000003", "mat-khau-moi-2026", {})).ok).toBe(true);
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

  it(`locks an IP after ${THROTTLE.perIp} failures across accounts`, async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < THROTTLE.perIp; i++) {
      await login(`09${String(10000000 + i).padStart(8, "0")}`, "wrong", { ip });
    }
    expect(await login("0905000007", DEMO_PASSWORD, { ip })).toMatchObject({ ok: false, reason: "locked" });
    expect((await login("0905000007", DEMO_PASSWORD, { ip: "10.2.0.2" })).ok).toBe(true);
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
