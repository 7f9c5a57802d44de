import { useFetcher } from "@remix-run/react";
import { createContext, useContext, type ReactNode } from "react";

export type DosingActionResult = { ok: true; message: string } | { ok: false; errors: Record<string, string>; missing?: string[] };

const ErrorsContext = createContext<Record<string, string>>({});
/** Field errors of the enclosing section form (from its own fetcher). */
export function useSectionErrors() {
  return useContext(ErrorsContext);
}

/**
 * One small form of a dosing card. It posts through its own fetcher (no navigation, so the
 * page keeps its scroll position and the other cards keep what was typed) with an `intent`.
 */
export function SectionForm({
  intent,
  enrollmentId,
  version,
  disabled,
  submitLabel,
  children,
  submitDisabled,
  className,
}: {
  intent: string;
  enrollmentId: string;
  version: number;
  disabled: boolean;
  submitLabel: string;
  children: ReactNode;
  submitDisabled?: boolean;
  className?: string;
}) {
  const fetcher = useFetcher<DosingActionResult>();
  const busy = fetcher.state !== "idle";
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.errors : {};
  return (
    <fetcher.Form method="post" className={className} noValidate>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="enrollmentId" value={enrollmentId} />
      <input type="hidden" name="version" value={version} />
      <fieldset disabled={disabled} className="plain-fieldset">
        <ErrorsContext.Provider value={errors}>{children}</ErrorsContext.Provider>
      </fieldset>
      {result && !result.ok && (errors.form || result.missing) ? (
        <div className="callout callout--error" role="alert">
          {errors.form ? <p>{errors.form}</p> : null}
          {result.missing?.length ? (
            <ul className="missing-list">
              {result.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {result?.ok ? (
        <p className="callout callout--ok small" role="status">
          {result.message}
        </p>
      ) : null}
      {disabled ? null : (
        <button type="submit" className="button button--small" disabled={busy || submitDisabled}>
          {busy ? "Saving…" : submitLabel}
        </button>
      )}
    </fetcher.Form>
  );
}

/** A labelled input whose error comes from the enclosing SectionForm. */
export function SectionField({
  label,
  name,
  idPrefix,
  ...input
}: { label: string; name: string; idPrefix: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const errors = useSectionErrors();
  const id = `${idPrefix}-${name}`;
  const error = errors[name];
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SectionError({ name }: { name: string }) {
  const error = useSectionErrors()[name];
  return error ? (
    <p className="field__error" role="alert">
      {error}
    </p>
  ) : null;
}
