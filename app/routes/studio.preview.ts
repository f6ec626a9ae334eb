// Live preview for the lesson editor: MDX in, the HTML a learner would get
// out (guard → mdx-bundler → static HTML), plus errors with line and column
// and the page weight. Nothing is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { forbidden, requireUser } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { previewLesson } from "~/models/authoring.server";

export async function loader() {
  throw new Response("Method Not Allowed", { status: 405 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "courses:author") && !can(user, "courses:review")) forbidden();
  const form = await request.formData();
  const body = form.get("body");
  if (typeof body !== "string") return Response.json({ error: "body" }, { status: 400 });
  return Response.json(await previewLesson(body), { headers: { "Cache-Control": "no-store" } });
}
