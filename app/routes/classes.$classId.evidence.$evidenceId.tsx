// A photo of a signed attendance sheet, only for people who can see the class.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/auth/auth.server";
import { intId } from "~/lib/form.server";
import { requireClass } from "~/models/classes-access.server";
import { getEvidence } from "~/models/classes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await requireClass(request, params.classId, "read");
  const id = intId(params.evidenceId);
  const photo = id ? await getEvidence(view.cls.id, id) : null;
  if (!photo) notFound();
  return new Response(new Uint8Array(photo.data), {
    headers: {
      "Content-Type": photo.mime,
      "Content-Length": String(photo.size),
      // Personal data: never in a shared cache.
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
