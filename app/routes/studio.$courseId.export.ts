// Download a course as a ZIP in the content/ layout (built-in courses too).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/auth/auth.server";
import { exportCourseZip } from "~/models/authoring.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const zip = params.courseId ? await exportCourseZip(user, params.courseId) : null;
  if (!zip) notFound();
  return new Response(new Uint8Array(zip.bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${zip.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
