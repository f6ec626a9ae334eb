// Who sees which figures of a target: the system administrator and the
// province's officers see the whole province; a commune officer only the
// commune. Anything else answers 404, so ids cannot be probed.
import { requirePermission, notFound, type CurrentUser } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { parseDate, todayInVietnam } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { getTarget, type TargetRow } from "~/models/targets.server";

export interface TargetAccess {
  user: CurrentUser;
  target: TargetRow;
  /** Null: the whole province. Otherwise the path of the one unit the user may see. */
  scopePath: string | null;
}

/** The unit path inside `provincePath` the user may read, null for the whole province, undefined for none. */
export function readScope(user: CurrentUser, provincePath: string): string | null | undefined {
  if (can(user, "targets:read", provincePath)) return null;
  const inside = user.roles.find((r) => r.unitPath && r.unitPath.startsWith(provincePath) && can({ roles: [r] }, "targets:read", r.unitPath));
  return inside?.unitPath ?? undefined;
}

export async function requireTarget(request: Request, targetId: string | undefined, { wholeProvince = false } = {}): Promise<TargetAccess> {
  const user = await requirePermission(request, "targets:read");
  const id = intId(targetId);
  const target = id ? await getTarget(user, id) : null;
  if (!target) notFound();
  const scopePath = readScope(user, target.provincePath);
  if (scopePath === undefined || (wholeProvince && scopePath !== null)) notFound();
  return { user, target, scopePath };
}

/** "tính đến ngày": dd/mm/yyyy or yyyy-mm-dd, not after today; today when absent or invalid. */
export function asOfFrom(url: URL): { asOf: string; input: string; invalid: boolean } {
  const raw = (url.searchParams.get("asOf") ?? "").trim();
  const today = todayInVietnam();
  if (!raw) return { asOf: today, input: "", invalid: false };
  const parsed = parseDate(raw);
  if (!parsed || parsed > today) return { asOf: today, input: raw, invalid: true };
  return { asOf: parsed, input: raw, invalid: false };
}
