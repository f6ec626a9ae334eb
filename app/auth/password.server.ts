// Argon2id with OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane.
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, so spelled out here)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 8;
/**
 * Longer passwords are refused before Argon2 sees them (decision 016, class 5):
 * without a cap, /login hashed whatever fit in the body (64 MB was accepted).
 */
export const PASSWORD_MAX_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  if (password.length > PASSWORD_MAX_LENGTH) return Promise.reject(new RangeError("password too long"));
  return hash(password.normalize("NFC"), OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(passwordHash, password.normalize("NFC"));
  } catch {
    return false;
  }
}

/** A well-formed hash to verify against when the account does not exist, so the response time does not reveal which phone numbers have accounts. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword("decoy-password-never-matches");
  return decoy;
}
