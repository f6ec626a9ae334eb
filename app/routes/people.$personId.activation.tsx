// Issue a one-time activation code and print the slip (code + QR link).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { notFound, requirePermission } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { formatDate } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { formatActivationCode, issueActivationCode } from "~/models/accounts.server";
import { getPersonInScope } from "~/models/people.server";
import { publicBase } from "~/models/public-address.server";

export const meta = titled("people.activation");

async function personForActivation(request: Request, personId: string | undefined) {
  const user = await requirePermission(request, "activation:issue");
  const id = intId(personId);
  const person = id ? await getPersonInScope(user, id) : null;
  if (!person || !can(user, "activation:issue", person.communePath)) notFound();
  return { user, person };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person } = await personForActivation(request, params.personId);
  return { person: { id: person.id, fullName: person.fullName, commune: person.communeName, accountStatus: person.accountStatus } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, person } = await personForActivation(request, params.personId);
  if (person.accountStatus) return { slip: null };
  const { code, expiresAt } = await issueActivationCode({ ...user, id: user.account.id }, person.id, person.communeId, (context as { ip?: string }).ip);
  // Never the request's Host: a slip printed from http://localhost would carry a link no phone opens (docs/decisions/013).
  const base = await publicBase();
  const link = base ? `${base}/activate?code=${code}` : null;
  const qr = link ? await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 1 }) : null;
  return { slip: { code: formatActivationCode(code), link, qr, expires: formatDate(expiresAt) } };
}

export default function Activation() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const slip = actionData?.slip;
  return (
    <>
      <p className="no-print">
        <Link to={`/people/${person.id}`}>← {person.fullName}</Link>
      </p>
      <h1 className="no-print">{t("people.activation")}</h1>
      {person.accountStatus ? (
        <Notice kind="info">{t("people.activation.hasAccount", { status: t(`accountStatus.${person.accountStatus}` as MessageKey) })}</Notice>
      ) : slip ? (
        <>
          <p className="no-print">{t("people.activation.lead")}</p>
          <div className="slip">
            <h2>{t("people.activation.slipTitle")}</h2>
            <p>
              <strong>{person.fullName}</strong> — {person.commune}
            </p>
            <p className="code">{slip.code}</p>
            {slip.qr && slip.link ? (
              <>
                {/* The SVG is generated on our server from our own URL. */}
                <div dangerouslySetInnerHTML={{ __html: slip.qr }} role="img" aria-label={slip.link} />
                <p>{slip.link}</p>
                <p>{t("people.activation.slipSteps")}</p>
              </>
            ) : (
              <p>{t("people.activation.noAddress")}</p>
            )}
            <p>{t("people.activation.expires", { date: slip.expires })}</p>
          </div>
          <p className="no-print actions">
            <button type="button" className="secondary" onClick={() => window.print()}>
              {t("common.print")}
            </button>
          </p>
        </>
      ) : (
        <>
          <p>{t("people.activation.noAccountYet")}</p>
          <p>{t("people.activation.lead")}</p>
          <Form method="post">
            <button type="submit" className="primary">
              {t("people.activation.generate")}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
