// Loads the demo data set into the test database and looks up its accounts.
import { eq } from "drizzle-orm";
import { db } from "~/db.server";
import { loadRoles } from "~/auth/auth.server";
import { DEMO_ACCOUNTS, seedDemo } from "~/seed/demo.server";
import { accounts } from "../../db/schema";

export async function seedDemoData() {
  return seedDemo();
}

export type DemoKey = (typeof DEMO_ACCOUNTS)[number]["key"];

/** A demo account as an actor (id + roles), the shape models take. */
export async function demoActor(key: DemoKey) {
  const demo = DEMO_ACCOUNTS.find((a) => a.key === key)!;
  const [account] = await db
    .select()
    .from(accounts)
    .where(demo.email ? eq(accounts.email, demo.email) : eq(accounts.phone, demo.login));
  return { id: account!.id, account: account!, roles: await loadRoles(account!.id), login: demo.login };
}
