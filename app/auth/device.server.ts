// Device cookies (OWASP): a browser that has signed in to an account keeps a
// random token for it, so its owner is not held back by other people's
// failures — neither the account lock a stranger can trigger by guessing,
// nor the back-off of a shared address. The database keeps only SHA-256s.
// One cookie carries the tokens of up to five accounts (a commune's shared phone).
import { and, gt, inArray, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { loginDevices } from "../../db/schema";
import { cookieIsSecure, generateSessionToken, sessionIdFromToken } from "./session.server";

export const DEVICE_COOKIE = "ctxh_device";
const MAX_TOKENS = 5;
const DEVICE_DAYS = 365;

export function readDeviceTokens(request: Request): string[] {
  const header = request.headers.get("Cookie");
  if (!header) return [];
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) {
      return rest
        .join("=")
        .split(".")
        .filter((t) => /^[a-z2-7]{32}$/.test(t))
        .slice(-MAX_TOKENS);
    }
  }
  return [];
}

/** The id of a live device token among `tokens` that was earned by `accountId`, or null. */
export async function trustedDevice(tokens: string[], accountId: number): Promise<string | null> {
  if (!tokens.length) return null;
  const [row] = await db
    .select({ id: loginDevices.id })
    .from(loginDevices)
    .where(
      and(
        inArray(loginDevices.id, tokens.map(sessionIdFromToken)),
        sql`${loginDevices.accountId} = ${accountId}`,
        gt(loginDevices.createdAt, sql`now() - make_interval(days => ${DEVICE_DAYS})`),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/** A new device token for an account, after a successful sign-in without one. */
export async function issueDeviceToken(accountId: number): Promise<string> {
  const token = generateSessionToken();
  await db.insert(loginDevices).values({ id: sessionIdFromToken(token), accountId });
  return token;
}

/** Only the login form reads it: Path=/login keeps it out of every other request. */
export function deviceCookie(request: Request, tokens: string[]): string {
  const attrs = [
    `${DEVICE_COOKIE}=${tokens.slice(-MAX_TOKENS).join(".")}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/login",
    `Max-Age=${DEVICE_DAYS * 24 * 3600}`,
  ];
  if (cookieIsSecure(request)) attrs.push("Secure");
  return attrs.join("; ");
}
