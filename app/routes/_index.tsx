import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { navFor } from "~/components/navigation";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { CELL_STATE_LABELS } from "~/models/measureState";
import { accountSecurity, getWorklist, type CheckState, type Worklist } from "~/models/worklist.server";
import { needsYouOfWorklist, RECORDS_LOOKBACK_DAYS, WORKLIST_TAKE } from "~/models/worklist.shared";
import cssUrl from "~/styles/home.css";
import { requireUser } from "~/utils/auth.server";
import { ROLE_INFO, isRole } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Home — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const [worklist, security] = await Promise.all([getWorklist(user, new Date(), args.context), accountSecurity(user)]);
  return {
    name: user.name,
    roleNames: user.roles.filter(isRole).map((r) => ROLE_INFO[r].name),
    worklist,
    security,
    // Only for a user with no worklist section (an administrator): where their work is.
    links: navFor(user.roles).filter((n) => n.to !== "/"),
  };
}

const n = (x: number) => x.toLocaleString("en-US");
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

function Section(props: {
  id: string;
  title: string;
  count?: number;
  children: ReactNode;
  more?: { shown: number; total: number; to: string; label: string } | null;
}) {
  const rest = props.more ? props.more.total - props.more.shown : 0;
  return (
    <section aria-labelledby={`${props.id}-h`} className="card worklist__section">
      <h2 id={`${props.id}-h`} className="worklist__heading">
        {props.title}
        {props.count !== undefined ? (
          <span className={`badge ${props.count > 0 ? "badge--warn" : "badge--muted"}`} aria-label={`${n(props.count)} items`}>
            {n(props.count)}
          </span>
        ) : null}
      </h2>
      {props.children}
      {props.more && rest > 0 ? (
        <p className="worklist__more">
          <Link to={props.more.to}>
            … and {n(rest)} more: {props.more.label}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="worklist__empty muted">{children}</p>;
}

const CHECK_BADGE: Record<CheckState, string> = { ok: "badge--ok", todo: "badge--danger", later: "badge--muted" };
const CHECK_MARK: Record<CheckState, string> = { ok: "✓", todo: "!", later: "…" };

/** Unsigned records of recent sessions (group notes, dosing records): one row per session, linking to where it is signed. */
/** A list of cohorts (or other places), each a link with one line of detail under it. */
function CohortLinks({ items }: { items: { key: string; href: string; title: string; detail: ReactNode }[] }) {
  return (
    <ul className="worklist__list">
      {items.map((i) => (
        <li key={i.key} className="worklist__item">
          <div className="worklist__line">
            <Link to={i.href} className="worklist__title">
              {i.title}
            </Link>
          </div>
          <div className="small muted">{i.detail}</div>
        </li>
      ))}
    </ul>
  );
}

function RecordsSection({
  id,
  title,
  records,
  children,
}: {
  id: string;
  title: string;
  records: NonNullable<Worklist["notes"]>;
  children: ReactNode;
}) {
  return (
    <Section
      id={id}
      title={title}
      count={records.total}
      more={{ shown: records.items.length, total: records.total, to: "/calendar", label: "find the sessions in the calendar" }}
    >
      {records.items.length ? (
        <ul className="worklist__list">
          {records.items.map((r) => (
            <li key={r.sessionId} className="worklist__item">
              <div className="worklist__line">
                <Link to={r.href} className="worklist__title">
                  {r.title}
                </Link>
                <span className="badge badge--warn">{r.text}</span>
              </div>
              <div className="small muted">
                {r.when} · {r.cohortName}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{children}</Empty>
      )}
      {records.capped ? <p className="small muted">Only the latest sessions were checked.</p> : null}
    </Section>
  );
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  const w = d.worklist;
  const none = Object.values(w).every((s) => s === null);
  const urgentSafety = w.safety?.total ?? 0;
  const needs = needsYouOfWorklist(w);
  const needParts = [
    needs.safety ? plural(needs.safety, "open safety signal") : null,
    needs.notes ? plural(needs.notes, "group note", "group notes") + " to write or sign" : null,
    needs.dosing ? plural(needs.dosing, "session") + " with dosing records to sign" : null,
    needs.measuresOverdue ? plural(needs.measuresOverdue, "overdue measure") : null,
  ].filter(Boolean);
  return (
    <div className="worklist">
      <header className="worklist__top">
        <h1>Your work today</h1>
        <p className="muted">
          {d.name}
          {d.roleNames.length ? ` · ${d.roleNames.join(", ")}` : ""}
        </p>
        {needParts.length ? (
          <p className="worklist__needs" data-testid="needs-you">
            <strong>{plural(needs.total, "item needs", "items need")} you</strong>: {needParts.join(", ")}.
          </p>
        ) : null}
      </header>

      <div className="worklist__grid">
        {w.safety ? (
          <Section
            id="safety"
            title="Open safety signals"
            count={urgentSafety}
            more={{ shown: w.safety.items.length, total: w.safety.total, to: "/safety", label: "open the safety inbox" }}
          >
            {w.safety.items.length ? (
              <ul className="worklist__list">
                {w.safety.items.map((s) => (
                  <li key={s.id} className="worklist__item">
                    <div className="worklist__line">
                      <Link to="/safety" className="worklist__title">
                        {s.title}
                      </Link>
                      <span className={`badge ${s.priority === 0 ? "badge--danger" : s.priority === 1 ? "badge--warn" : "badge--muted"}`}>
                        {s.priority === 0 ? "Urgent" : s.priority === 1 ? "High" : "Review"}
                      </span>
                    </div>
                    <div className="small muted">
                      {s.cohortName} · raised {s.raised}
                    </div>
                    {s.clock ? (
                      <div className={`small worklist__clock worklist__clock--${s.clock.state}`}>
                        <span className={`badge ${s.clock.state === "overdue" ? "badge--danger" : "badge--warn"}`}>
                          {s.clock.state === "overdue" ? "Overdue" : "Clock running"}
                        </span>{" "}
                        {s.clock.text}
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No open safety signals. New ones appear here and in the safety inbox as they are raised.</Empty>
            )}
          </Section>
        ) : null}

        {w.sessions ? (
          <Section
            id="sessions"
            title="Sessions today and this week"
            count={w.sessions.total}
            more={{ shown: w.sessions.items.length, total: w.sessions.total, to: "/calendar", label: "see the calendar" }}
          >
            {w.sessions.items.length ? (
              <ul className="worklist__list">
                {w.sessions.items.map((s) => (
                  <li key={s.id} className="worklist__item">
                    <div className="worklist__line">
                      <Link to={s.href} className="worklist__title">
                        {s.title}
                      </Link>
                      {s.today ? <span className="badge badge--warn">Today</span> : null}
                      <span className={`badge ${s.ready ? "badge--ok" : "badge--danger"}`}>{s.ready ? "Ready" : "Needs attention"}</span>
                    </div>
                    <div className="small muted">
                      {s.when} · <Link to={`/cohorts/${s.cohortId}`}>{s.cohortName}</Link>
                    </div>
                    <ul className="worklist__checks" aria-label={`Readiness of ${s.title}, ${s.when}`}>
                      {s.checks.map((c) => (
                        <li key={c.label}>
                          <span className={`badge ${CHECK_BADGE[c.state]}`} aria-hidden="true">
                            {CHECK_MARK[c.state]}
                          </span>{" "}
                          <span className="small">{c.text}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>
                No sessions in your cohorts today or in the next 7 days. <Link to="/calendar">Open the calendar</Link> to see what comes
                later.
              </Empty>
            )}
          </Section>
        ) : null}

        {w.notes ? (
          <RecordsSection id="notes" title="Group notes to write or sign" records={w.notes}>
            Every group note of the last {RECORDS_LOOKBACK_DAYS} days is signed. After your next session, write and sign its note on the
            session page.
          </RecordsSection>
        ) : null}

        {w.dosing ? (
          <RecordsSection id="dosing" title="Dosing records to sign" records={w.dosing}>
            No unsigned dosing records in the last {RECORDS_LOOKBACK_DAYS} days. Sign each record on the dosing page once the participant is
            discharged.
          </RecordsSection>
        ) : null}

        {w.measures ? (
          <Section id="measures" title="Measures overdue and due" count={w.measures.overdue + w.measures.due}>
            <p className="small">
              <span className={`badge ${w.measures.overdue ? "badge--danger" : "badge--muted"}`}>
                {CELL_STATE_LABELS.overdue}: {n(w.measures.overdue)}
              </span>{" "}
              <span className={`badge ${w.measures.due ? "badge--warn" : "badge--muted"}`}>
                {CELL_STATE_LABELS.due}: {n(w.measures.due)}
              </span>
            </p>
            {w.measures.items.length ? (
              <>
                <div className="worklist__tablebox">
                  <table className="table table--dense worklist__table">
                    <caption className="visually-hidden">Measures overdue and due by cohort</caption>
                    <thead>
                      <tr>
                        <th scope="col">Cohort</th>
                        <th scope="col" className="num">
                          {CELL_STATE_LABELS.overdue}
                        </th>
                        <th scope="col" className="num">
                          {CELL_STATE_LABELS.due}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {w.measures.items.map((m) => (
                        <tr key={m.cohortId}>
                          <td>
                            <Link to={m.href}>{m.cohortName}</Link>
                          </td>
                          <td className="num">{n(m.overdue)}</td>
                          <td className="num">{n(m.due)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {w.measures.items.length >= WORKLIST_TAKE.measures ? (
                  <p className="worklist__more">
                    <Link to="/cohorts">Other cohorts may have measures due: open the cohorts list</Link>
                  </p>
                ) : null}
              </>
            ) : (
              <Empty>
                Nothing overdue or due in your cohorts. Questionnaires appear here when their window opens; send links or enter them from a
                cohort&apos;s measures tab.
              </Empty>
            )}
          </Section>
        ) : null}

        {w.referrals ? (
          <Section id="referrals" title="Referrals waiting" count={w.referrals.total}>
            {w.referrals.total ? (
              <ul className="worklist__list">
                {w.referrals.items
                  .filter((s) => s.count > 0)
                  .map((s) => (
                    <li key={s.status} className="worklist__item">
                      <Link to={s.href} className="worklist__title">
                        {s.label}: {n(s.count)}
                      </Link>
                    </li>
                  ))}
              </ul>
            ) : (
              <Empty>Nobody is waiting at a referral step. New self-referrals and staff referrals appear here to be screened.</Empty>
            )}
          </Section>
        ) : null}

        {w.offers ? (
          <Section
            id="offers"
            title="Seats offered, awaiting an answer"
            count={w.offers.total}
            more={{ shown: w.offers.items.length, total: w.offers.total, to: "/cohorts", label: "see the cohorts" }}
          >
            {w.offers.items.length ? (
              <CohortLinks
                items={w.offers.items.map((o) => ({ key: o.id, href: o.href, title: o.cohortName, detail: `Answer due by ${o.until}` }))}
              />
            ) : (
              <Empty>
                No open seat offers. When a seat frees up, it is offered to the first person waiting and shows here until they answer.
              </Empty>
            )}
          </Section>
        ) : null}

        {w.waitlists ? (
          <Section
            id="waitlists"
            title="Waitlists with free seats"
            count={w.waitlists.total}
            more={{ shown: w.waitlists.items.length, total: w.waitlists.total, to: "/cohorts", label: "see the cohorts" }}
          >
            {w.waitlists.items.length ? (
              <CohortLinks
                items={w.waitlists.items.map((c) => ({
                  key: c.cohortId,
                  href: c.href,
                  title: c.cohortName,
                  detail: `${plural(c.free, "free seat")} · ${plural(c.waiting, "person", "people")} waiting without an offer`,
                }))}
              />
            ) : (
              <Empty>
                No cohort has both free seats and people waiting. Place waiting people from a cohort&apos;s roster when seats free up.
              </Empty>
            )}
          </Section>
        ) : null}

        {w.reports ? (
          <Section
            id="reports"
            title={w.reports.lastViewed ? "Cohorts completed since your last report" : "Completed cohorts to report"}
            count={w.reports.total}
            more={{ shown: w.reports.items.length, total: w.reports.total, to: "/reports", label: "see all reports" }}
          >
            {w.reports.lastViewed ? <p className="small muted">You last opened a report on {w.reports.lastViewed}.</p> : null}
            {w.reports.items.length ? (
              <CohortLinks
                items={w.reports.items.map((r) => ({
                  key: r.cohortId,
                  href: r.href,
                  title: r.cohortName,
                  detail: `Ended ${r.ended ? formatLocalDate(r.ended) : "—"}`,
                }))}
              />
            ) : (
              <Empty>
                No cohort has completed since your last report. <Link to="/reports">Open the reports</Link> to compare programs.
              </Empty>
            )}
            {w.reports.items.length ? (
              <p className="worklist__more">
                <Link to="/reports">All cohort and program reports</Link>
              </p>
            ) : null}
          </Section>
        ) : null}

        {none ? (
          <section aria-labelledby="where-h" className="card worklist__section">
            <h2 id="where-h">Where your work is</h2>
            <ul className="link-list">
              {d.links.map((l) => (
                <li key={l.to}>
                  <Link to={l.to}>{l.label}</Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>

      <section aria-labelledby="security-h" className="worklist__security small muted">
        <h2 id="security-h" className="visually-hidden">
          Account security
        </h2>
        <p>
          {d.security.previous
            ? `Previous sign-in: ${d.security.previous.at}${d.security.previous.ip ? ` from ${d.security.previous.ip}` : ""}.`
            : "This is your first sign-in."}{" "}
          {d.security.failedSincePrevious > 0 ? (
            <strong className="worklist__failed">
              {plural(d.security.failedSincePrevious, "failed sign-in attempt")} since then. If that was not you, change your password.
            </strong>
          ) : null}{" "}
          <Link to="/account">Manage your account</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
