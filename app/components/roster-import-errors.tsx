import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";

/** Import errors by row and column, as a table. */
export function RosterImportErrors({ errors, total }: { errors: { line: number | null; column: string | null; message: string }[]; total: number }) {
  const t = useT();
  return (
    <section>
      <h2>{t("roster.import.errorsTitle")}</h2>
      <TableWrap label={t("roster.import.errorsTitle")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("roster.import.row")}</th>
              <th scope="col">{t("roster.import.column")}</th>
              <th scope="col">{t("roster.import.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i}>
                <td>{e.line ?? ""}</td>
                <td>{e.column ?? ""}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {total > errors.length ? <p>{t("roster.import.moreErrors", { count: total - errors.length })}</p> : null}
    </section>
  );
}
