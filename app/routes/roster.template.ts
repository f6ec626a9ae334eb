// The roster import template (.xlsx), with the communes of the officer's province.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/auth.server";
import { scopesFor } from "~/auth/permissions.server";
import { rosterTemplate } from "~/models/roster-template.server";
import { communesInScope } from "~/models/scope.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster:import");
  const bytes = await rosterTemplate(await communesInScope(scopesFor(user, "roster:import")));
  return new Response(bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mau-danh-sach-nhan-su.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
