import { Link } from "@remix-run/react";
import { COHORT_FILTER_LIMIT } from "~/forms/lists";

/** Under a cohort filter that offers only the newest cohorts (cohortFilterOptions). */
export function OlderCohortsHint() {
  return (
    <>
      The {COHORT_FILTER_LIMIT} newest cohorts. For an older one, open it from <Link to="/cohorts">Cohorts</Link>.
    </>
  );
}
