// Downloads of a target's report for the "tính đến ngày" date: xlsx, csv, pdf.
// Same access as the province page (the whole province only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/auth/auth.server";
import { getLocale } from "~/i18n/locale.server";
import { asOfFrom, requireTarget } from "~/models/dashboard-access.server";
import { buildCsv, buildPdf, buildWorkbook, reportData } from "~/models/targets-export.server";

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { target } = await requireTarget(request, params.targetId, { wholeProvince: true });
  const format = params.format as keyof typeof TYPES;
  if (!Object.hasOwn(TYPES, format)) notFound();
  const { asOf } = asOfFrom(new URL(request.url));
  const data = await reportData(target, asOf, getLocale(request), format === "xlsx");
  const body = format === "xlsx" ? await buildWorkbook(data) : format === "pdf" ? await buildPdf(data) : Buffer.from(buildCsv(data), "utf8");
  const name = `tien-do-dao-tao-${target.id}-${asOf}.${format}`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
