import { Form, Link } from "@remix-run/react";
import { OlderCohortsHint } from "~/components/cohort/OlderCohortsHint";
import type { ReportTimepoint } from "~/domain/reports";
import { instrumentName } from "~/domain/reports/build";
import { DEFAULT_MIN_CELL_SIZE, MIN_CELL_SIZE_CEILING, MIN_CELL_SIZE_FLOOR } from "~/domain/reports/suppression";
import { DOSING_ROUTE_LABELS, type DosingRoute } from "~/domain/safety/dosing";
import { occupationLabel, sexLabel } from "~/domain/scheduling/participantLabels";

type Selected = {
  pre: string;
  post: string;
  population: string;
  cohortIds?: string[];
  from?: string;
  to?: string;
  occupation?: string;
  sex?: string;
  ageBand?: string;
  route?: string;
  participantLines?: boolean;
  minCellSize?: number;
  responderPoints: Record<string, number | undefined>;
};

const RESPONDER_DEFAULTS: [string, number, string][] = [
  ["PHQ9", 5, "points"],
  ["GAD7", 4, "points"],
  ["PCL5", 10, "points"],
  ["MBI_GS", 1, "point on a subscale mean"],
];

function Choice({
  id,
  label,
  value,
  options,
  any,
  labelOf = (o) => o,
}: {
  id: string;
  label: string;
  value?: string;
  options: string[];
  any: string;
  /** Words for a coded option (the value stays the code, for the URL). */
  labelOf?: (o: string) => string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** GET form: every choice lives in the URL, so a report is a shareable, reproducible link. */
export function ReportFiltersForm({
  timepoints,
  selected,
  cohorts,
  moreCohorts = false,
  options,
}: {
  timepoints: ReportTimepoint[];
  selected: Selected;
  cohorts: { id: string; name: string }[] | null;
  /** The cohort select offers only the newest cohorts: a note under the row says so. */
  moreCohorts?: boolean;
  options: { occupations: string[]; sexes: string[]; ageBands: string[]; routes: string[] };
}) {
  const tpLabel = (t: ReportTimepoint) => `${t.label} (${t.instruments.map(instrumentName).join(", ")})`;
  return (
    <Form method="get" className="filters report-filters" role="search" aria-label="Report options and filters">
      <div className="field">
        <label htmlFor="pre">Pre timepoint</label>
        <select id="pre" name="pre" defaultValue={selected.pre}>
          {timepoints.map((t) => (
            <option key={t.key} value={t.key}>
              {tpLabel(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="post">Post timepoint</label>
        <select id="post" name="post" defaultValue={selected.post}>
          {timepoints.map((t) => (
            <option key={t.key} value={t.key}>
              {tpLabel(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="population">Population</label>
        <select id="population" name="population" defaultValue={selected.population}>
          <option value="enrolled">All enrolled (intention to treat)</option>
          <option value="dosed">Dosed at least once</option>
          <option value="completers">Completers</option>
        </select>
      </div>
      {cohorts && (
        <div className="field">
          <label htmlFor="cohort">Cohort</label>
          <select
            id="cohort"
            name="cohort"
            defaultValue={selected.cohortIds?.[0] ?? ""}
            aria-describedby={moreCohorts ? "cohort-older" : undefined}
          >
            <option value="">All cohorts</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="from">Cohort start from</label>
        <input id="from" name="from" type="date" defaultValue={selected.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="to">Cohort start to</label>
        <input id="to" name="to" type="date" defaultValue={selected.to ?? ""} />
      </div>
      <Choice
        id="occupation"
        label="Occupation"
        value={selected.occupation}
        options={options.occupations}
        any="Any occupation"
        labelOf={occupationLabel}
      />
      <Choice id="sex" label="Sex" value={selected.sex} options={options.sexes} any="Any sex" labelOf={sexLabel} />
      <Choice id="ageBand" label="Age band" value={selected.ageBand} options={options.ageBands} any="Any age" />
      <Choice
        id="route"
        label="Route"
        value={selected.route}
        options={options.routes}
        any="Any route"
        labelOf={(r) => DOSING_ROUTE_LABELS[r as DosingRoute] ?? r}
      />
      <div className="checkbox report-filters__check">
        <input id="lines" name="lines" type="checkbox" value="1" defaultChecked={selected.participantLines} />
        <label htmlFor="lines">Show every participant's line</label>
      </div>
      <div className="field">
        <label htmlFor="minCell">Small-cell threshold (people)</label>
        <input
          id="minCell"
          name="minCell"
          type="number"
          min={MIN_CELL_SIZE_FLOOR}
          max={MIN_CELL_SIZE_CEILING}
          step="1"
          defaultValue={selected.minCellSize ?? DEFAULT_MIN_CELL_SIZE}
          aria-describedby="minCell-hint"
        />
        <span id="minCell-hint" className="muted small">
          Subgroups and band-table cells with fewer people show “&lt;{selected.minCellSize ?? DEFAULT_MIN_CELL_SIZE}” and no statistics (at
          least {MIN_CELL_SIZE_FLOOR}).
        </span>
      </div>
      <details className="report-responder-settings">
        <summary>Responder thresholds</summary>
        {RESPONDER_DEFAULTS.map(([code, def, unit]) => (
          <div className="field" key={code}>
            <label htmlFor={`resp_${code}`}>
              {instrumentName(code)} responder: improvement of at least ({unit}; default {def})
            </label>
            <input
              id={`resp_${code}`}
              name={`resp_${code}`}
              type="number"
              min="0.1"
              step="any"
              inputMode="decimal"
              defaultValue={selected.responderPoints[code] ?? ""}
              placeholder={String(def)}
            />
          </div>
        ))}
      </details>
      <button className="button button--primary" type="submit">
        Update report
      </button>
      {moreCohorts ? (
        <OlderCohortsHint
          id="cohort-older"
          older={
            <>
              For an older one, choose its start dates above, or open its own report from <Link to="/reports">Reports</Link>.
            </>
          }
        />
      ) : null}
    </Form>
  );
}
