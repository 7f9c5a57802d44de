import { useId, type ReactNode, type SelectHTMLAttributes } from "react";

/** A labelled <select> with its hint and error tied to it, matching ui/Field. */
export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  placeholder,
  id,
  "aria-describedby": describedBy,
  ...select
}: {
  label: string;
  name: string;
  error?: string;
  /** A line between the label and the control, as ui/Field's, tied to it (aria-describedby, after any given one: a note elsewhere in a filter row). */
  hint?: ReactNode;
  options: { value: string; label: string }[];
  placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  const auto = useId();
  const selectId = id ?? `${name}-${auto}`;
  const errorId = error ? `${selectId}-error` : undefined;
  const hintId = hint ? `${selectId}-hint` : undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={selectId}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <select
        id={selectId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy, hintId, errorId].filter(Boolean).join(" ") || undefined}
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
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
