// Readiness: the database answers.
import { checkDatabase, currentDatabase } from "~/db.server";

export async function loader() {
  const ok = await checkDatabase();
  return Response.json(
    { status: ok ? "ok" : "unavailable", database: ok ? currentDatabase().kind : "unreachable" },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
