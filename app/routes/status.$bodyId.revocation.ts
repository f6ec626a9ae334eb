// The issuing body's revocation list (a signed BitstringStatusListCredential).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { intId } from "~/lib/form.server";
import { statusListCredential } from "~/models/credentials.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const id = intId(params.bodyId);
  const credential = id ? await statusListCredential(id) : null;
  if (!credential) return Response.json({ error: "Không tìm thấy danh sách trạng thái." }, { status: 404 });
  return new Response(JSON.stringify(credential), {
    headers: { "Content-Type": "application/vc+ld+json; charset=utf-8", "Cache-Control": "public, max-age=60" },
  });
}
