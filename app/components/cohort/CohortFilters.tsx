import { Form } from "@remix-run/react";
import { COHORT_STATUSES, COHORT_STATUS_LABELS } from "~/components/cohort/cohortStatus";

type Choice = { id: string; name: string };

/**
 * The filters of a list of cohorts (the cohorts list, the reports index): status, the site when
 * `sites` is given, and program; a GET form, so the filters are the page's address.
 */
export function CohortFilters({ params, sites, programs }: { params: URLSearchParams; sites?: Choice[]; programs: Choice[] }) {
  return (
    <Form method="get" className="filters" role="search" aria-label="Filter cohorts">
      <div className="field">
        <label htmlFor="status">Status</label>
        <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
          <option value="">Any status</option>
          {COHORT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {COHORT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      {sites ? (
        <div className="field">
          <label htmlFor="siteId">Site</label>
          <select id="siteId" name="siteId" defaultValue={params.get("siteId") ?? ""}>
            <option value="">Any site</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="programId">Program</label>
        <select id="programId" name="programId" defaultValue={params.get("programId") ?? ""}>
          <option value="">Any program</option>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <button className="button" type="submit">
        Filter
      </button>
    </Form>
  );
}
