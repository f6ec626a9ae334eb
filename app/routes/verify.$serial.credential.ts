// The certificate's Open Badges 3.0 credential, as a JSON download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rateLimited } from "~/lib/rate-limit.server";
import { getCertificateBySerial } from "~/models/certificates.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const ip = (context as { ip?: string }).ip ?? "unknown";
  if (rateLimited(`verify:${ip}`, 60, 60_000)) return new Response("Too Many Requests", { status: 429 });
  const serial = (params.serial ?? "").toUpperCase();
  const found = /^[A-Z0-9-]{3,40}$/.test(serial) ? await getCertificateBySerial(serial) : null;
  if (!found?.certificate.credential) return Response.json({ error: "Không tìm thấy chứng nhận." }, { status: 404 });
  return new Response(JSON.stringify(found.certificate.credential, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="chung-nhan-${serial}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
