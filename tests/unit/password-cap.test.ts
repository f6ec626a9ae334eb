// Class 5 (decision 016): Argon2 never runs on a password over the cap.
import { describe, expect, it } from "vitest";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "~/auth/password.server";
import { passwordProblem } from "~/models/accounts.server";

describe("password length cap", () => {
  it("refuses to hash or verify a password over the cap, and setting one says why", async () => {
    const long = "mật-khẩu-".repeat(50).slice(0, PASSWORD_MAX_LENGTH + 1);
    await expect(hashPassword(long)).rejects.toThrow(RangeError);
    const hash = await hashPassword(long.slice(0, PASSWORD_MAX_LENGTH));
    expect(await verifyPassword(hash, long.slice(0, PASSWORD_MAX_LENGTH))).toBe(true);
    // Its first 200 characters are right: still refused, without hashing 64 MB.
    expect(await verifyPassword(hash, long)).toBe(false);
    expect(await verifyPassword(hash, "a".repeat(64 * 1024 * 1024))).toBe(false);
    expect(passwordProblem(long, long)).toBe("long");
  });
});
