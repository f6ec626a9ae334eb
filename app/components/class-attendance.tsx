// One big button per person to set presence at a session. Without
// JavaScript it is a plain form POST that comes back to the same row (the
// #p-<id> anchor). With JavaScript a fetcher sends it and the button changes
// at once. Either way the POST carries the wanted state, not "toggle", so a
// retry on a weak connection cannot flip it back.
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/hooks";

export interface AttendanceRow {
  personId: number;
  fullName: string;
  communeName: string;
  present: boolean | null;
}

type Reply = { ok: true; personId: number; present: boolean } | { ok: false; message: string };

export function AttendanceButton({ row, disabled, hydrated }: { row: AttendanceRow; disabled: boolean; hydrated: boolean }) {
  const t = useT();
  const fetcher = useFetcher<Reply>();
  // The last state the server confirmed: a failed tap falls back to it.
  const [known, setKnown] = useState(row.present);
  useEffect(() => setKnown(row.present), [row.present]);
  useEffect(() => {
    if (fetcher.data?.ok) setKnown(fetcher.data.present);
  }, [fetcher.data]);
  const sending = fetcher.formData ? fetcher.formData.get("present") === "1" : null;
  const present = sending ?? known;
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  const state = present === true ? "present" : present === false ? "absent" : "unmarked";
  const label = present ? t("classes.attend.markAbsent", { name: row.fullName }) : t("classes.attend.markPresent", { name: row.fullName });
  return (
    <li id={`p-${row.personId}`}>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="attend" />
        <input type="hidden" name="personId" value={row.personId} />
        {/* The wanted state: the opposite of what is shown now. */}
        <input type="hidden" name="present" value={present ? "0" : "1"} />
        {hydrated ? <input type="hidden" name="js" value="1" /> : null}
        <button type="submit" className="attend-button" data-state={state} aria-label={label} aria-busy={fetcher.state !== "idle" ? true : undefined} disabled={disabled}>
          <span className="who">
            <span>{row.fullName}</span>
            <small>{row.communeName}</small>
          </span>
          <span className="state">{present === true ? t("classes.attend.present") : present === false ? t("classes.attend.absent") : t("classes.attend.unmarked")}</span>
        </button>
      </fetcher.Form>
      {failed ? (
        <p className="field-error" role="alert">
          {failed}
        </p>
      ) : null}
    </li>
  );
}
