import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name">;

/** The label, hint and error of one control, tied to it for screen readers. */
function FieldFrame({
  name,
  id,
  label,
  hint,
  error,
  control,
}: {
  name: string;
  id?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  control: (a11y: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const auto = useId();
  const inputId = id ?? `${name}-${auto}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {control({
        id: inputId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      })}
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({ label, name, error, hint, id, ...input }: FieldProps) {
  return <FieldFrame {...{ label, name, error, hint, id }} control={(a11y) => <input name={name} {...a11y} {...input} />} />;
}

/** A labelled textarea with its hint and error tied to it, like <Field>. */
export function TextAreaField({
  label,
  name,
  error,
  hint,
  id,
  ...textarea
}: { label: string; name: string; error?: string; hint?: ReactNode } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  return <FieldFrame {...{ label, name, error, hint, id }} control={(a11y) => <textarea name={name} {...a11y} {...textarea} />} />;
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="callout callout--error" role="alert">
      {message}
    </div>
  );
}
