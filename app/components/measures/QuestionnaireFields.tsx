// One questionnaire as radio groups: every item is a fieldset whose legend is the item
// and whose options are the instrument's anchors. Native radios give arrow-key
// navigation inside an item and Tab between items, so entry is fast from the keyboard.
import { useEffect, useRef } from "react";

export type QuestionnaireView = {
  code: string;
  name: string;
  shortName: string;
  instructions: string | null;
  attribution: string | null;
  anchors: { value: number; label: string }[];
  items: { number: number; text: string }[];
};

export function QuestionnaireFields({
  q,
  values,
  errors,
  compact = false,
}: {
  q: QuestionnaireView;
  values: Record<string, string | number | null | undefined>;
  errors?: Record<string, string>;
  compact?: boolean;
}) {
  return (
    <section className="questionnaire" aria-labelledby={`q-${q.code}-h`}>
      <h2 id={`q-${q.code}-h`}>
        {q.name} <span className="muted">({q.shortName})</span>
      </h2>
      {q.instructions ? <p className="questionnaire__instructions">{q.instructions}</p> : null}
      <ol className={`questionnaire__items${compact ? " questionnaire__items--compact" : ""}`}>
        {q.items.map((item) => {
          const error = errors?.[item.number];
          const current = values[item.number];
          const errorId = `err-${q.code}-${item.number}`;
          return (
            <li key={item.number} id={`q-${q.code}-${item.number}`} className={`qitem${error ? " qitem--error" : ""}`}>
              <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
                <legend>
                  <span className="qitem__number">{item.number}.</span> {item.text}
                </legend>
                <div className="qitem__options" role="presentation">
                  {q.anchors.map((a) => (
                    <label key={a.value} className="qitem__option">
                      <input
                        type="radio"
                        name={`r.${q.code}.${item.number}`}
                        value={a.value}
                        defaultChecked={current !== null && current !== undefined && current !== "" && Number(current) === a.value}
                      />
                      <span className="qitem__value">{a.value}</span> <span className="qitem__label">{a.label}</span>
                    </label>
                  ))}
                </div>
                {error ? (
                  <p id={errorId} className="field__error" role="alert">
                    {error}
                  </p>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {q.attribution ? <p className="muted small questionnaire__attribution">{q.attribution}</p> : null}
    </section>
  );
}

/** The messages of one questionnaire's items (keyed by item number) from a form's errors by field name `r.<CODE>.<item>`. */
export function itemErrors(errors: Record<string, string[] | null | undefined> | undefined, code: string): Record<number, string> {
  const out: Record<number, string> = {};
  const prefix = `r.${code}.`;
  for (const [name, messages] of Object.entries(errors ?? {})) {
    if (name.startsWith(prefix) && messages?.length) out[Number(name.slice(prefix.length))] = messages[0];
  }
  return out;
}

/** One questionnaire's answers (keyed by item number) from a form's initial value `{ r: { <CODE>: { <item>: value } } }`. */
export function itemValues(initial: unknown, code: string): Record<string, string | number | null> {
  const r = initial && typeof initial === "object" ? (initial as { r?: unknown }).r : undefined;
  const mine = r && typeof r === "object" ? (r as Record<string, unknown>)[code] : undefined;
  if (!mine || typeof mine !== "object") return {};
  return Object.fromEntries(
    Object.entries(mine as Record<string, unknown>).map(([n, v]) => [n, typeof v === "string" || typeof v === "number" ? v : null]),
  );
}

/**
 * The error summary above a questionnaire form: how many questions still need an answer,
 * and which, per questionnaire ("PHQ-9: questions 3 and 9"), each a link to the first of
 * them. It takes focus when it appears, so a screen reader hears it and Tab continues into
 * the links; without JavaScript the links still jump to the questions.
 */
export function MissingAnswers({
  questionnaires,
  errors,
}: {
  questionnaires: readonly Pick<QuestionnaireView, "code" | "shortName">[];
  errors: Record<string, string[] | null | undefined> | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const missing = questionnaires
    .map((q) => ({
      q,
      items: Object.keys(itemErrors(errors, q.code))
        .map(Number)
        .sort((a, b) => a - b),
    }))
    .filter((m) => m.items.length > 0);
  const total = missing.reduce((n, m) => n + m.items.length, 0);
  const signature = missing.map((m) => `${m.q.code}:${m.items.join(",")}`).join(";");
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (!total) return null;
  return (
    <div ref={ref} tabIndex={-1} className="callout callout--error missing-answers" role="alert">
      <p>
        <strong>
          {total} question{total === 1 ? " still needs" : "s still need"} an answer
        </strong>{" "}
        (marked below):
      </p>
      <ul>
        {missing.map(({ q, items }) => (
          <li key={q.code}>
            <a
              href={`#q-${q.code}-${items[0]}`}
              onClick={(e) => {
                const first = document.querySelector<HTMLInputElement>(`input[name="r.${q.code}.${items[0]}"]`);
                if (first) {
                  e.preventDefault();
                  first.scrollIntoView({ block: "center" });
                  first.focus();
                }
              }}
            >
              {q.shortName}: {items.length === 1 ? "question" : "questions"} {listNumbers(items)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 3 → "3"; 3, 9 → "3 and 9"; 1, 2, 5 → "1, 2 and 5". */
function listNumbers(ns: readonly number[]) {
  return ns.length <= 1 ? ns.join("") : `${ns.slice(0, -1).join(", ")} and ${ns[ns.length - 1]}`;
}
