// GET /certificates/:id/pdf — the printable certificate. For the holder
// themself and for officers whose scope covers the holder's commune; anyone
// else gets 404 (the certificate's existence is not revealed). A revoked
// certificate still downloads, but every page is stamped "ĐÃ THU HỒI" so it
// cannot pass for a valid one (docs/decisions/006).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { intId } from "~/lib/form.server";
import { audit } from "~/models/audit.server";
import { getCertificateForPdf, pdfFileName, toPdfInput } from "~/models/certificate-docs.server";
import { publicBase } from "~/models/public-address.server";
import { renderCertificatePdf } from "~/pdf/certificate.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = intId(params.certificateId);
  const row = id ? await getCertificateForPdf(id) : null;
  if (!row) notFound();
  const own = user.account.personId !== null && user.account.personId === row.certificate.personId;
  if (!own && !can(user, "certificates:issue", row.communePath)) notFound();
  // The PDF shows the full date of birth: an officer's copy is a read of personal data.
  if (!own) {
    await audit({
      actorId: user.account.id,
      action: "certificate.download",
      entityType: "certificate",
      entityId: row.certificate.id,
      unitId: row.communeId,
      after: { serial: row.certificate.serial },
      ip: (context as { ip?: string }).ip,
    });
  }
  const pdf = await renderCertificatePdf(toPdfInput(row.certificate, row.body, await publicBase()));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `attachment; filename="${pdfFileName(row.certificate)}"`,
      // Personal data: not kept by shared caches.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
