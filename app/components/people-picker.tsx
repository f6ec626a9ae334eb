// A table of people with a checkbox each (name="personId"); people already
// done show a tag instead. Used to enrol learners and to record completions.
import { useT } from "~/hooks";
import { TableWrap } from "./table-wrap";

export function PeoplePicker({ people }: { people: { id: number; fullName: string; commune: string; tag: string | null }[] }) {
  const t = useT();
  return (
    <TableWrap label={t("people.title")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("common.all")}</th>
            <th scope="col">{t("field.fullName")}</th>
            <th scope="col">{t("field.commune")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <td>{p.tag ? <span className="tag">{p.tag}</span> : <input type="checkbox" name="personId" value={p.id} id={`p-${p.id}`} aria-label={p.fullName} />}</td>
              <td>
                <label htmlFor={`p-${p.id}`}>{p.fullName}</label>
              </td>
              <td>{p.commune}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
