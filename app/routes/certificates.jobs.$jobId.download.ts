// The finished file of a bulk download, streamed from DATA_DIR; same access
// rule as the job page.
import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/auth.server";
import { jobFileName, visibleJob } from "~/models/certificate-jobs.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const job = await visibleJob(user, params.jobId);
  if (job.status !== "done" || !job.filePath || !fs.existsSync(job.filePath)) notFound();
  const size = fs.statSync(job.filePath).size;
  return new Response(createReadableStreamFromReadable(fs.createReadStream(job.filePath)), {
    headers: {
      "Content-Type": job.format === "zip" ? "application/zip" : "application/pdf",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="${jobFileName(job)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
