// Public: type a serial number to reach its verification page.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { TextField } from "~/components/form";
import { useT } from "~/hooks";
import { titled } from "~/lib/meta";

export const meta = titled("verify.title");

export function loader({ request }: LoaderFunctionArgs) {
  const serial = new URL(request.url).searchParams.get("serial")?.trim().toUpperCase();
  if (serial) throw redirect(`/verify/${encodeURIComponent(serial)}`);
  return null;
}

export default function VerifyIndex() {
  const t = useT();
  return (
    <>
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.lead")}</p>
      <Form method="get" className="stack">
        <TextField name="serial" label={t("verify.serial")} hint={t("verify.serial.hint")} autoCapitalize="characters" required />
        <div className="actions">
          <button type="submit" className="primary">
            {t("verify.submit")}
          </button>
        </div>
      </Form>
      <p>
        <Link to="/verify/check">{t("check.title")}</Link>
      </p>
    </>
  );
}
