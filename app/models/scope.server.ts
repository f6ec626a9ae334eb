// Units inside a user's scopes, for pickers and filters.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { adminUnits } from "../../db/schema";

/** Current communes covered by the given scope paths ("all" = the whole country). */
export async function communesInScope(scopes: "all" | string[]) {
  if (scopes !== "all" && scopes.length === 0) return [];
  const where =
    scopes === "all" ? sql`true` : sql`(${sql.join(scopes.map((p) => sql`${adminUnits.path} like ${p + "%"}`), sql` or `)})`;
  return db
    .select({ id: adminUnits.id, fullName: adminUnits.fullName, code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "commune"), isNull(adminUnits.mergedIntoId), where))
    .orderBy(asc(adminUnits.code))
    .limit(5000);
}
