// Switches the interface language and remembers it (cookie, and the account).
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getUser, safeRedirect } from "~/auth/auth.server";
import { db } from "~/db.server";
import { isLocale } from "~/i18n";
import { localeCookie } from "~/i18n/locale.server";
import { accounts } from "../../db/schema";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const back = safeRedirect(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back);
  const user = await getUser(request);
  if (user) await db.update(accounts).set({ locale }).where(eq(accounts.id, user.account.id));
  return redirect(back, { headers: { "Set-Cookie": localeCookie(locale) } });
}

export function loader() {
  return redirect("/");
}
