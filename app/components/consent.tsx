// Explicit consent to the processing of personal data: never pre-ticked.
import { useT } from "~/hooks";

export function ConsentField({ error }: { error?: string | null }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("consent.title")}</legend>
      <p className="hint">{t("consent.notice")}</p>
      <div className="checkbox">
        <input id="consent" type="checkbox" name="consent" value="yes" aria-invalid={error ? true : undefined} aria-describedby={error ? "consent-error" : undefined} />
        <label htmlFor="consent">{t("consent.checkbox")}</label>
      </div>
      {error ? (
        <p id="consent-error" className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
