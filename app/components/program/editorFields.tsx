// Small labelled controls shared by the program editor's sections: every control has a
// label (visible, or visually hidden inside a table row) and its message below it.
import type { InputHTMLAttributes, ReactNode } from "react";

export function ErrorText({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="field__error" role="alert">
      {message}
    </p>
  );
}

export type InputProps = { label: string; name: string; error?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "name">;

export function Input({ label, name, error, id: given, ...rest }: InputProps) {
  const id = given ?? name.replace(/\./g, "-");
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...rest} />
      <ErrorText id={id} message={error} />
    </div>
  );
}

export function Cell({ label, error, children }: { label: string; error?: string; children: (id: string) => ReactNode }) {
  const id = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <div className={error ? "field--error" : undefined}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      {children(id)}
      <ErrorText id={id} message={error} />
    </div>
  );
}

export function CellInput({ label, name, error, ...rest }: InputProps) {
  return (
    <Cell label={label} error={error}>
      {(id) => (
        <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...rest} />
      )}
    </Cell>
  );
}
