// The guard every class route calls: classes:read somewhere (learners: 403),
// the class visible in the user's scope (elsewhere: 404), and for changes
// classes:manage over all of the class's communes (officers: 403).
import { forbidden, notFound, requirePermission, type CurrentUser } from "~/auth/auth.server";
import { intId } from "~/lib/form.server";
import { getClassForUser, type Actor, type ClassView } from "./classes.server";

export async function requireClass(request: Request, classIdParam: string | undefined, mode: "read" | "manage"): Promise<{ user: CurrentUser; actor: Actor; view: ClassView }> {
  const user = await requirePermission(request, "classes:read");
  const id = intId(classIdParam);
  const view = id ? await getClassForUser(user, id) : null;
  if (!view) notFound();
  if (mode === "manage" && !view.canManage) forbidden();
  return { user, actor: actorOf(user), view };
}

export function actorOf(user: CurrentUser): Actor {
  return { id: user.account.id, roles: user.roles };
}
