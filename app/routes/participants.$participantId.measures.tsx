// A participant's questionnaires: score history per instrument (chart + table) and the
// list of every expected assessment with its state. The layout route audits the view.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ScoreChart } from "~/components/measures/ScoreChart";
import { ContextLink } from "~/components/ui/ContextLink";
import { SortableTable } from "~/components/ui/SortableTable";
import { getBands, getInstrument, isInstrumentCode } from "~/domain/instruments";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import { getParticipantMeasures, parseStoredScores } from "~/models/assessment.server";
import { cellState, CELL_STATE_RANK, describeQuestionnaire, shortTimepointLabel, windowDates } from "~/models/measureState";
import cssUrl from "~/styles/measures.css";
import { requirePermission } from "~/utils/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Measures — Participant — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const participant = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const enrollments = await getParticipantMeasures(readerFor(args, viewer), participant.id);
  const now = new Date();
  return {
    enrollments: enrollments.map((e) => {
      const tpOrder = new Map(e.plan.map((tp, i) => [tp.key, i]));
      const tpLabel = new Map(e.plan.map((tp) => [tp.key, tp.label]));
      const codes = [...new Set(e.assessments.map((a) => a.instrumentCode))].filter(isInstrumentCode);
      const charts = codes
        .map((code) => {
          const def = getInstrument(code);
          const scales = def.scales as readonly { key: string; label: string; min: number; max: number }[];
          const done = e.assessments
            .filter((a) => a.instrumentCode === code && a.status === "COMPLETED")
            .sort((a, b) => (tpOrder.get(a.timepointKey) ?? 99) - (tpOrder.get(b.timepointKey) ?? 99));
          const points = done.map((a) => {
            const s = parseStoredScores(a.scores);
            return {
              label: shortTimepointLabel(tpLabel.get(a.timepointKey) ?? a.timepointKey),
              date: a.completedOn ? formatLocalDate(a.completedOn) : null,
              values: Object.fromEntries(scales.map((sc) => [sc.key, s?.scales.find((x) => x.key === sc.key)?.value ?? null])),
            };
          });
          return {
            code,
            name: def.shortName,
            series: scales.map((s) => ({ key: s.key, label: s.label })),
            yMin: Math.min(...scales.map((s) => s.min)),
            yMax: Math.max(...scales.map((s) => s.max)),
            bands: scales.length === 1 ? [...getBands(code, scales[0].key as "total")] : [],
            points,
          };
        })
        .filter((c) => c.points.length > 0);
      return {
        cohortId: e.cohortId,
        cohortName: e.cohortName,
        charts,
        assessments: e.assessments.map((a) => ({
          id: a.id,
          timepoint: tpLabel.get(a.timepointKey) ?? a.timepointKey,
          order: tpOrder.get(a.timepointKey) ?? 99,
          instrument: isInstrumentCode(a.instrumentCode) ? getInstrument(a.instrumentCode).shortName : a.instrumentCode,
          ...(() => {
            const state = cellState(a, now);
            return { state, when: describeQuestionnaire({ state, ...windowDates(a, e.timeZone), completedOn: a.completedOn }) };
          })(),
          dueDate: a.dueDate,
          source: a.source,
        })),
      };
    }),
  };
}

export default function ParticipantMeasures() {
  const { enrollments } = useLoaderData<typeof loader>();
  if (enrollments.length === 0) {
    return (
      <div className="empty">
        No questionnaires yet. They appear once the participant is enrolled in a cohort whose program has a measure plan.
      </div>
    );
  }
  return (
    <div>
      {enrollments.map((e) => (
        <section key={e.cohortId} aria-labelledby={`m-${e.cohortId}`}>
          <h2 id={`m-${e.cohortId}`}>
            Measures in <Link to={`/cohorts/${e.cohortId}/measures`}>{e.cohortName}</Link>
          </h2>
          {e.charts.length === 0 ? <p className="muted">No completed questionnaires in this cohort yet.</p> : null}
          {e.charts.map((c) => (
            <section key={c.code} className="card" aria-labelledby={`c-${e.cohortId}-${c.code}`}>
              <h3 id={`c-${e.cohortId}-${c.code}`}>{c.name}</h3>
              <ScoreChart
                id={`chart-${e.cohortId}-${c.code}`}
                title={`${c.name} scores over time in ${e.cohortName}`}
                series={c.series}
                points={c.points}
                yMin={c.yMin}
                yMax={c.yMax}
                bands={c.bands}
              />
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{c.name} scores by timepoint</caption>
                  <thead>
                    <tr>
                      <th scope="col">Timepoint</th>
                      <th scope="col">Completed</th>
                      {c.series.map((s) => (
                        <th key={s.key} scope="col">
                          {s.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {c.points.map((p, i) => (
                      <tr key={i}>
                        <th scope="row">{p.label}</th>
                        <td>{p.date ?? "—"}</td>
                        {c.series.map((s) => (
                          <td key={s.key}>{p.values[s.key] === null ? "—" : Math.round((p.values[s.key] as number) * 100) / 100}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          <h3>All questionnaires</h3>
          <SortableTable
            rows={e.assessments}
            rowKey={(a) => a.id}
            caption={`Questionnaires in ${e.cohortName}`}
            initialSort={{ key: "timepoint", dir: "asc" }}
            columns={[
              { key: "timepoint", header: "Timepoint", render: (a) => a.timepoint, sortValue: (a) => a.order },
              { key: "instrument", header: "Instrument", render: (a) => a.instrument, sortValue: (a) => a.instrument },
              { key: "state", header: "State", render: (a) => a.when, sortValue: (a) => CELL_STATE_RANK[a.state] },
              { key: "due", header: "Target date", render: (a) => formatLocalDate(a.dueDate), sortValue: (a) => a.dueDate },
              {
                key: "open",
                header: "Open",
                render: (a) => (
                  <ContextLink to={`/assessments/${a.id}`} context={`${a.instrument} ${a.timepoint}`}>
                    {a.state === "completed" ? "View" : "Enter"}
                  </ContextLink>
                ),
              },
            ]}
          />
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
