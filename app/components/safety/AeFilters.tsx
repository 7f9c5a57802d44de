import { Form, Link, useSearchParams } from "@remix-run/react";
import { OlderCohortsHint } from "~/components/cohort/OlderCohortsHint";
import { AE_GRADES } from "~/domain/safety";

/** GET filters for adverse-event lists; the CSV link carries the same query. */
export function AeFilters({
  cohorts,
  moreCohorts = false,
  action,
  csvHref,
}: {
  cohorts?: { id: string; name: string }[];
  /** The cohorts are the newest of more (cohortFilterOptions): say so under the filter. */
  moreCohorts?: boolean;
  action: string;
  csvHref?: string;
}) {
  const [params] = useSearchParams();
  const v = (k: string) => params.get(k) ?? "";
  const qs = params.toString();
  return (
    <Form method="get" action={action} className="filters" role="search" aria-label="Filter adverse events">
      <div className="field">
        <label htmlFor="f-grade">Grade</label>
        <select id="f-grade" name="grade" defaultValue={v("grade")}>
          <option value="">Any grade</option>
          {AE_GRADES.map((g) => (
            <option key={g} value={g}>
              Grade {g}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-serious">Serious</label>
        <select id="f-serious" name="serious" defaultValue={v("serious")}>
          <option value="">Serious or not</option>
          <option value="yes">Serious</option>
          <option value="no">Not serious</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-related">Related to ketamine</label>
        <select id="f-related" name="related" defaultValue={v("related")}>
          <option value="">Any relatedness</option>
          <option value="yes">Related (possible or more)</option>
          <option value="no">Unrelated or unlikely</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-status">Open or closed</label>
        <select id="f-status" name="status" defaultValue={v("status")}>
          <option value="">Open and closed</option>
          <option value="OPEN">Open</option>
          <option value="CLOSED">Closed</option>
        </select>
      </div>
      {cohorts ? (
        <div className="field">
          <label htmlFor="f-cohort">Cohort</label>
          <select id="f-cohort" name="cohortId" defaultValue={v("cohortId")} aria-describedby={moreCohorts ? "f-cohort-hint" : undefined}>
            <option value="">All my cohorts</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="f-from">Onset from</label>
        <input id="f-from" name="from" type="date" defaultValue={v("from")} />
      </div>
      <div className="field">
        <label htmlFor="f-to">Onset to</label>
        <input id="f-to" name="to" type="date" defaultValue={v("to")} />
      </div>
      <button className="button" type="submit">
        Filter
      </button>
      <Link className="button button--secondary" to={action}>
        Clear
      </Link>
      {csvHref ? (
        <a className="button button--secondary" href={`${csvHref}${qs ? `?${qs}` : ""}`} download>
          Download CSV
        </a>
      ) : null}
      {moreCohorts ? <OlderCohortsHint id="f-cohort-hint" /> : null}
    </Form>
  );
}
