import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { COHORT_FILTER_LIMIT, ENROLL_CHOICE_LIMIT } from "~/forms/lists";

/**
 * The note of a filter row whose cohort select offers only the newest cohorts (cohortFilterOptions,
 * newestCohortChoices): a line of its own under the row (`.filters__note`), so the row's
 * labels and controls stay aligned; the select points to it with aria-describedby={id}.
 */
export function OlderCohortsHint({
  id,
  older,
}: {
  id: string;
  /** Where to find an older cohort, when not its page. */
  older?: ReactNode;
}) {
  return (
    <p id={id} className="field__hint filters__note">
      The cohort filter lists the {COHORT_FILTER_LIMIT} newest cohorts.{" "}
      {older ?? (
        <>
          For an older one, open it from <Link to="/cohorts">Cohorts</Link>.
        </>
      )}
    </p>
  );
}

/**
 * The hint of an "enroll into" select that offers only the newest open cohorts
 * (openCohortChoices): where to add someone to another one.
 */
export function MoreOpenCohortsHint() {
  return (
    <>
      The {ENROLL_CHOICE_LIMIT} newest open cohorts are listed. For another, open it from <Link to="/cohorts">Cohorts</Link> and add the
      participant on its roster.
    </>
  );
}
