import { Form } from "@remix-run/react";
import { COHORT_STATUSES, COHORT_STATUS_LABELS } from "~/components/cohort/cohortStatus";

type Choice = { id: string; name: string };

/**
 * The filters of a list of cohorts (the cohorts list, the reports index): status, the site when
 * `sites` is given, and program; a GET form, so the filters are the page's address.
 */
export function CohortFilters({ params, sites, programs }: { params: URLSearchParams; sites?: Choice[]; programs: Choice[] }) {
  // One labelled select per filter: "any" first, then the choices; the current value from the address.
  const select = (name: string, label: string, any: string, choices: Choice[]) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={params.get(name) ?? ""}>
        <option value="">{any}</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Form method="get" className="filters" role="search" aria-label="Filter cohorts">
      {select(
        "status",
        "Status",
        "Any status",
        COHORT_STATUSES.map((s) => ({ id: s, name: COHORT_STATUS_LABELS[s] })),
      )}
      {sites ? select("siteId", "Site", "Any site", sites) : null}
      {select("programId", "Program", "Any program", programs)}
      <button className="button" type="submit">
        Filter
      </button>
    </Form>
  );
}
