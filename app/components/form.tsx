// Plain HTML form fields (they work without JavaScript) with accessible
// labels, hints and errors. Values typed by the user come back from the
// action and are put back in, so nothing is lost on a failed submit.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { useRootData, useT } from "~/hooks";

interface BaseProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
}

function describedBy(name: string, hint?: ReactNode, error?: string | null) {
  const ids = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The field's own error, or the notice that control characters were removed from it in this request. */
function useFieldError(name: string, error?: string | null) {
  const t = useT();
  const stripped = useRootData()?.inputStripped?.includes(name);
  return error || (stripped ? t("input.strippedField") : null);
}

export function TextField({ name, label, hint, error: given, ...input }: BaseProps & InputHTMLAttributes<HTMLInputElement>) {
  const error = useFieldError(name, given);
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <span id={`${name}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <input
        id={name}
        name={name}
        type="text"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        {...input}
      />
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  options,
  placeholder,
  ...select
}: BaseProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <span id={`${name}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <select
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Notice({ kind, children }: { kind: "error" | "success" | "info" | "warning"; children: ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
