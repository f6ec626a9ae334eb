import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/auth.server";
import { blankSessionCookie, invalidateSession } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (user) await invalidateSession(user.session.id);
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}

export function loader() {
  return redirect("/");
}
