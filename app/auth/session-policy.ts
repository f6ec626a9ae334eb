// How long a sign-in lasts, by what the account can do (decision 016, class 9).
// Officers and administrators can reveal national IDs and approve accounts: a
// stolen or forgotten-open session of theirs is worth more, so it ends after
// a short idle time and within one working day. Learners keep long sessions
// (shared phones in the commune sign in rarely and badly).
import type { RoleName } from "./roles";
import { ROLES } from "./roles";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SessionPolicy {
  kind: "staff" | "standard";
  /** The session ends this long after the last request. */
  idleMs: number;
  /** …and in any case this long after sign-in. */
  absoluteMs: number;
  /** The idle deadline is written forward only when less than this is left (bounds writes). */
  renewWhenLeftMs: number;
}

export const STAFF_POLICY: SessionPolicy = { kind: "staff", idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR, renewWhenLeftMs: 29 * MINUTE };
export const STANDARD_POLICY: SessionPolicy = { kind: "standard", idleMs: 30 * DAY, absoluteMs: 90 * DAY, renewWhenLeftMs: 15 * DAY };

/**
 * Roles that get the short policy: every officer, the administrator, and any
 * role that holds personal data (people:pii) — kept in step with GRANTS by
 * tests/unit/session-policy.test.ts.
 */
export const STAFF_ROLES: readonly RoleName[] = ROLES.filter((r) => r === "admin" || r.endsWith("_officer"));

export function sessionPolicyFor(roles: readonly string[]): SessionPolicy {
  return roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r)) ? STAFF_POLICY : STANDARD_POLICY;
}
