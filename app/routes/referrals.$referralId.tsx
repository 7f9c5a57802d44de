import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { QuestionnaireFields, itemErrors, itemValues } from "~/components/measures/QuestionnaireFields";
import { SelectField } from "~/components/participant/SelectField";
import { ReferralStatusBadge } from "~/components/referrals/ReferralStatusBadge";
import { Field, FormError, TextAreaField } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { INSTRUMENT_CODES, getInstrument, isInstrumentCode, type InstrumentCode } from "~/domain/instruments";
import {
  CLEARANCE_DECISIONS,
  CLEARANCE_LABEL,
  REFERRAL_SOURCE_LABEL,
  REFERRAL_STATUS_LABEL,
  SCREENABLE,
  SCREENING_OUTCOMES,
  checkEnroll,
  type ClearanceDecision,
  type ReferralSource,
  type ReferralStatus,
} from "~/domain/referrals";
import { formatInstantDate, formatLocalDate } from "~/domain/scheduling/localTime";
import { describeRule } from "~/domain/scheduling/types";
import { referralIntents, type ReferralIntent } from "~/forms/referrals";
import { parseStoredScores } from "~/models/assessment.server";
import { OCCUPATIONS, OCCUPATION_LABEL, SEXES, SEX_LABEL, todayUtc } from "~/models/participant.schema";
import {
  enrollReferral,
  getReferral,
  recordClearance,
  recordOutcome,
  saveChecklist,
  saveMedical,
  saveScreeningMeasure,
} from "~/models/referral.server";
import { questionnairesFor } from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import referralsCss from "~/styles/referrals.css";
import { formAction } from "~/utils/action.server";
import { audit } from "~/utils/audit.server";
import { requirePermission } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { can, type Permission } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

export const links = () => [
  { rel: "stylesheet", href: cssUrl },
  { rel: "stylesheet", href: referralsCss },
];
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d ? d.name : "Referral"} — Referrals — GroupKAP` }];

const SCREENING_INSTRUMENTS = INSTRUMENT_CODES.filter((c) => c !== "MEQ30" && c !== "CADSS6");

function chosenInstrument(url: URL, fallback: string | null) {
  const q = url.searchParams.get("instrument");
  if (q && isInstrumentCode(q) && (SCREENING_INSTRUMENTS as readonly string[]).includes(q)) return q;
  return fallback && isInstrumentCode(fallback) ? fallback : "PHQ9";
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "referral:read");
  const d = await getReferral(viewer, requestMeta(args), args.params.referralId ?? "");
  const r = d.referral;
  const instrument = chosenInstrument(new URL(args.request.url), d.eligibility?.instrument ?? null);
  const [questionnaire] = await questionnairesFor([{ id: instrument, instrumentCode: instrument, draftResponses: null }]);
  const enroll = checkEnroll({
    status: r.status as ReferralStatus,
    statusReason: r.statusReason,
    rule: d.decision,
    clearance: r.clearance as ClearanceDecision | null,
    clearanceReason: r.clearanceReason,
  });
  return {
    id: r.id,
    version: r.version,
    name: `${r.firstName} ${r.lastName}`,
    program: { id: r.programId, name: d.programName },
    status: r.status as ReferralStatus,
    statusReason: r.statusReason,
    statusOn: r.statusOn,
    source: r.source,
    sourceDetail: r.sourceDetail,
    referredOn: r.referredOn,
    email: r.email,
    phone: r.phone,
    notes: r.notes,
    enteredBy: d.enteredBy,
    participantId: r.participantId,
    medical: {
      medicalHistory: r.medicalHistory ?? "",
      currentMedications: r.currentMedications ?? "",
      allergies: r.allergies ?? "",
      systolic: r.systolic === null ? "" : String(r.systolic),
      diastolic: r.diastolic === null ? "" : String(r.diastolic),
      heartRate: r.heartRate === null ? "" : String(r.heartRate),
      vitalsOn: r.vitalsOn ?? "",
    },
    clearance: r.clearance as ClearanceDecision | null,
    clearanceReason: r.clearanceReason,
    clearedBy: d.clearedBy,
    clearedAt: r.clearedAt?.toISOString() ?? null,
    rule: d.eligibility
      ? { instrument: getInstrument(d.eligibility.instrument as InstrumentCode).shortName, text: describeRule(d.eligibility.rule) }
      : null,
    decision: d.decision ? { status: d.decision.status, reason: d.decision.reason } : null,
    measures: d.referral.measures.map((m) => ({
      code: m.instrumentCode,
      name: isInstrumentCode(m.instrumentCode) ? getInstrument(m.instrumentCode).shortName : m.instrumentCode,
      completedOn: m.completedOn,
      scales: parseStoredScores(m.scores)?.scales ?? [],
    })),
    checklist: d.checklist,
    cohorts: d.cohorts,
    instrument,
    instruments: SCREENING_INSTRUMENTS.map((c) => ({ code: c, name: getInstrument(c).shortName })),
    questionnaire,
    enroll,
    today: todayUtc(),
    can: {
      screen: can(viewer.roles, "referral:screen"),
      manage: can(viewer.roles, "referral:manage"),
      clear: can(viewer.roles, "referral:clear"),
    },
  };
}

const NEEDS: Record<ReferralIntent["intent"], Permission> = {
  measure: "referral:screen",
  checklist: "referral:screen",
  medical: "referral:screen",
  outcome: "referral:manage",
  enroll: "referral:manage",
  clearance: "referral:clear",
};

const SUCCESS: Record<ReferralIntent["intent"], string> = {
  measure: "Questionnaire saved and scored.",
  checklist: "Contraindication checklist saved.",
  medical: "Medical history and vitals saved.",
  outcome: "Screening outcome recorded.",
  clearance: "Medical clearance recorded.",
  enroll: "Enrolled.",
};

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "referral:read");
  const id = args.params.referralId ?? "";
  const instrument = chosenInstrument(new URL(args.request.url), null);
  return formAction(args, {
    permission: { actor },
    schema: referralIntents(instrument),
    run: async (input, { meta }) => {
      // Each form needs its own permission: clearance is a clinician's, enrollment a coordinator's.
      const needed = NEEDS[input.intent];
      if (!can(actor.roles, needed)) {
        await audit(await dbReady(), {
          actor,
          action: "permission.denied",
          entityType: "Referral",
          entityId: id,
          summary: `Denied ${needed} (${input.intent}) on referral ${id}`,
          details: { permission: needed, intent: input.intent },
          ...meta,
        });
        throw new Response(`Only ${needed === "referral:clear" ? "a clinician" : "a coordinator"} may do this.`, { status: 403 });
      }
      if (input.intent === "enroll") return enrollReferral(actor, meta, id, input);
      if (input.intent === "measure") await saveScreeningMeasure(actor, meta, id, input);
      else if (input.intent === "checklist") await saveChecklist(actor, meta, id, input);
      else if (input.intent === "medical") await saveMedical(actor, meta, id, input);
      else if (input.intent === "outcome") await recordOutcome(actor, meta, id, input);
      else await recordClearance(actor, meta, id, input);
      return null;
    },
    success: (result, input) => {
      if (result)
        return {
          redirect: `/participants/${result.participantId}`,
          toast: `${result.status === "WAITLISTED" ? "Waitlisted" : "Enrolled"} in ${result.cohortName} as ${result.code}.`,
        };
      return { redirect: `/referrals/${id}${input.intent === "measure" ? `?instrument=${instrument}` : ""}`, toast: SUCCESS[input.intent] };
    },
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ReferralPage() {
  const d = useLoaderData<typeof loader>();
  const screenable = SCREENABLE.includes(d.status);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/referrals">Referrals</Link> /
      </p>
      <div className="page-header">
        <h1>{d.name}</h1>
        <p>
          <ReferralStatusBadge status={d.status} />
          {d.statusReason ? <span className="muted"> {d.statusReason}</span> : null}
          {d.statusOn ? <span className="muted small"> · {formatLocalDate(d.statusOn)}</span> : null}
        </p>
      </div>
      <section className="card" aria-labelledby="contact-h">
        <h2 id="contact-h">Referral</h2>
        <dl className="deflist">
          <dt>Program wanted</dt>
          <dd>{d.program.name}</dd>
          <dt>Source</dt>
          <dd>
            {REFERRAL_SOURCE_LABEL[d.source as ReferralSource] ?? d.source}
            {d.sourceDetail ? ` — ${d.sourceDetail}` : ""} (entered by {d.enteredBy})
          </dd>
          <dt>Referred on</dt>
          <dd>{formatLocalDate(d.referredOn)}</dd>
          <dt>Email</dt>
          <dd>{d.email ?? "—"}</dd>
          <dt>Phone</dt>
          <dd>{d.phone ?? "—"}</dd>
          <dt>Notes</dt>
          <dd>{d.notes ?? "—"}</dd>
          {d.participantId ? (
            <>
              <dt>Participant</dt>
              <dd>
                <Link to={`/participants/${d.participantId}`}>Participant record</Link>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="rule-h">
        <h2 id="rule-h">Eligibility rule</h2>
        {d.rule ? (
          <>
            <p>
              {d.rule.instrument}: {d.rule.text}
            </p>
            <p role="status" className={d.decision?.status === "eligible" ? "callout callout--ok" : "callout callout--warn"}>
              <strong>
                {d.decision?.status === "eligible"
                  ? "Meets the rule"
                  : d.decision?.status === "ineligible"
                    ? "Does not meet the rule"
                    : "Undetermined"}
                :
              </strong>{" "}
              {d.decision?.reason}
            </p>
          </>
        ) : (
          <p className="muted">This program has no eligibility rule.</p>
        )}
      </section>

      <section className="card" aria-labelledby="measures-h">
        <h2 id="measures-h">Screening measures</h2>
        {d.measures.length === 0 ? <p className="muted">None entered yet.</p> : null}
        <ul>
          {d.measures.map((m) => (
            <li key={m.code}>
              <strong>{m.name}</strong> ({formatLocalDate(m.completedOn)}):{" "}
              {m.scales
                .map((s) => `${s.label} ${s.value === null ? "—" : Math.round(s.value * 100) / 100}${s.band ? ` (${s.band})` : ""}`)
                .join(", ")}
            </li>
          ))}
        </ul>
        {d.can.screen && screenable ? <MeasureForm d={d} /> : null}
      </section>

      <ChecklistForm d={d} disabled={!d.can.screen || !screenable} />
      <MedicalForm d={d} disabled={!d.can.screen || !screenable} />
      {d.can.manage ? <OutcomeForm d={d} /> : null}
      <ClearanceSection d={d} />
      {d.can.manage ? <EnrollForm d={d} /> : null}
    </>
  );
}

function MeasureForm({ d }: { d: Data }) {
  const reply = useActionData<typeof action>();
  const q = d.questionnaire;
  const [form, fields] = useSchemaForm({
    id: "measure",
    schema: referralIntents(d.instrument),
    reply,
    defaultValue: { completedOn: d.today },
  });
  const errors = itemErrors(form.allErrors, q.code);
  return (
    <>
      <p className="small">
        Enter a questionnaire:{" "}
        {d.instruments.map((i, n) => (
          <span key={i.code}>
            {n ? " · " : ""}
            {i.code === d.instrument ? <strong aria-current="true">{i.name}</strong> : <Link to={`?instrument=${i.code}`}>{i.name}</Link>}
          </span>
        ))}
      </p>
      <FormError message={formMessage(form)} />
      {Object.keys(errors).length ? (
        <div className="callout callout--error" role="alert">
          Every item needs an answer in range. Nothing was saved.
        </div>
      ) : null}
      <SchemaForm form={form} action={`/referrals/${d.id}?instrument=${d.instrument}`} aria-label={`${q.shortName} screening answers`}>
        <input type="hidden" name="intent" value="measure" />
        <input type="hidden" name="version" value={d.version} />
        <input type="hidden" name="instrumentCode" value={d.instrument} />
        <QuestionnaireFields key={form.key} q={q} values={itemValues(form.initialValue, q.code)} errors={errors} compact />
        <Field key={fields.completedOn.key} label="Completed on" type="date" max={d.today} {...fieldProps(fields.completedOn)} />
        <div className="actions">
          <button className="button button--primary" type="submit">
            Save and score {q.shortName}
          </button>
        </div>
      </SchemaForm>
    </>
  );
}

function ChecklistForm({ d, disabled }: { d: Data; disabled: boolean }) {
  const [form] = useSchemaForm({ id: "checklist", schema: referralIntents(null), reply: useActionData<typeof action>() });
  return (
    <section className="card" aria-labelledby="contra-h">
      <h2 id="contra-h">Contraindications</h2>
      <p className="muted small">
        Absolute contraindications exclude; a relative one needs a note from the review. Unknown must be resolved before eligible.
      </p>
      <FormError message={formMessage(form)} />
      <SchemaForm form={form}>
        <input type="hidden" name="intent" value="checklist" />
        <input type="hidden" name="version" value={d.version} />
        <fieldset disabled={disabled} className="stack">
          <legend className="visually-hidden">Contraindication checklist</legend>
          {d.checklist.map((item) => (
            <fieldset key={item.key} className="contra">
              <legend>
                {item.label} <span className="muted small">({item.severity === "ABSOLUTE" ? "absolute" : "relative"})</span>
              </legend>
              {(["NO", "YES", "UNKNOWN"] as const).map((a) => (
                <label key={a} className="inline">
                  <input type="radio" name={`c.${item.key}.answer`} value={a} defaultChecked={item.answer === a} />{" "}
                  {a === "NO" ? "No" : a === "YES" ? "Yes" : "Unknown"}
                </label>
              ))}
              <Field label={`Note: ${item.label}`} name={`c.${item.key}.note`} defaultValue={item.note ?? ""} />
            </fieldset>
          ))}
          {disabled ? null : (
            <div className="actions">
              <button className="button" type="submit">
                Save checklist
              </button>
            </div>
          )}
        </fieldset>
      </SchemaForm>
    </section>
  );
}

function MedicalForm({ d, disabled }: { d: Data; disabled: boolean }) {
  const [form, fields] = useSchemaForm({
    id: "medical",
    schema: referralIntents(null),
    reply: useActionData<typeof action>(),
    defaultValue: d.medical,
  });
  return (
    <section className="card" aria-labelledby="medical-h">
      <h2 id="medical-h">Medical history, medications, allergies and vitals</h2>
      <FormError message={formMessage(form)} />
      <SchemaForm form={form}>
        <input type="hidden" name="intent" value="medical" />
        <input type="hidden" name="version" value={d.version} />
        <fieldset disabled={disabled} className="stack">
          <legend className="visually-hidden">Medical screening</legend>
          <TextAreaField label="Medical history" rows={3} {...fieldProps(fields.medicalHistory)} />
          <TextAreaField label="Current medications" rows={3} {...fieldProps(fields.currentMedications)} />
          <TextAreaField label="Allergies" rows={2} {...fieldProps(fields.allergies)} />
          <div className="row">
            <Field label="Systolic BP (mmHg)" inputMode="numeric" {...fieldProps(fields.systolic)} />
            <Field label="Diastolic BP (mmHg)" inputMode="numeric" {...fieldProps(fields.diastolic)} />
            <Field label="Heart rate (bpm)" inputMode="numeric" {...fieldProps(fields.heartRate)} />
            <Field label="Vitals taken on" type="date" max={d.today} {...fieldProps(fields.vitalsOn)} />
          </div>
          {disabled ? null : (
            <div className="actions">
              <button className="button" type="submit">
                Save medical screening
              </button>
            </div>
          )}
        </fieldset>
      </SchemaForm>
    </section>
  );
}

function OutcomeForm({ d }: { d: Data }) {
  const [form, fields] = useSchemaForm({
    id: "outcome",
    schema: referralIntents(null),
    reply: useActionData<typeof action>(),
    defaultValue: { on: d.today },
  });
  if (d.status === "ENROLLED") return null;
  return (
    <section className="card" aria-labelledby="outcome-h">
      <h2 id="outcome-h">Screening outcome</h2>
      <FormError message={formMessage(form)} />
      <SchemaForm form={form}>
        <input type="hidden" name="intent" value="outcome" />
        <input type="hidden" name="version" value={d.version} />
        <SelectField
          label="Outcome"
          placeholder="Choose the outcome"
          options={SCREENING_OUTCOMES.map((o) => ({ value: o, label: REFERRAL_STATUS_LABEL[o] }))}
          {...fieldProps(fields.outcome)}
        />
        <Field label="Outcome date" type="date" max={d.today} {...fieldProps(fields.on)} />
        <Field
          label="Reason"
          hint="Required unless eligible; ineligible by the rule takes the rule's reason."
          {...fieldProps(fields.reason)}
        />
        <div className="actions">
          <button className="button" type="submit">
            Record outcome
          </button>
        </div>
      </SchemaForm>
    </section>
  );
}

function ClearanceSection({ d }: { d: Data }) {
  const [form, fields] = useSchemaForm({ id: "clearance", schema: referralIntents(null), reply: useActionData<typeof action>() });
  const open = d.status === "ELIGIBLE" || d.status === "CLEARED" || d.status === "NOT_CLEARED";
  return (
    <section className="card" aria-labelledby="clearance-h">
      <h2 id="clearance-h">Medical clearance</h2>
      {d.clearance ? (
        <p>
          <strong>{CLEARANCE_LABEL[d.clearance]}</strong>
          {d.clearanceReason ? ` — ${d.clearanceReason}` : ""}{" "}
          <span className="muted small">
            (by {d.clearedBy}, {d.clearedAt ? formatInstantDate(d.clearedAt, "UTC") : ""})
          </span>
        </p>
      ) : (
        <p className="muted">{open ? "Waiting for a clinician." : "Follows an eligible screening."}</p>
      )}
      {d.can.clear && open ? (
        <>
          <FormError message={formMessage(form)} />
          <SchemaForm form={form}>
            <input type="hidden" name="intent" value="clearance" />
            <input type="hidden" name="version" value={d.version} />
            <SelectField
              label="Clearance decision"
              placeholder="Choose the decision"
              options={CLEARANCE_DECISIONS.map((c) => ({ value: c, label: CLEARANCE_LABEL[c] }))}
              {...fieldProps(fields.decision)}
            />
            <TextAreaField label="Clearance reason and conditions" rows={2} {...fieldProps(fields.reason)} />
            <div className="actions">
              <button className="button" type="submit">
                Record clearance
              </button>
            </div>
          </SchemaForm>
        </>
      ) : !d.can.clear && open ? (
        <p className="muted small">Only a clinician records medical clearance.</p>
      ) : null}
    </section>
  );
}

function EnrollForm({ d }: { d: Data }) {
  const [form, fields] = useSchemaForm({ id: "enroll", schema: referralIntents(null), reply: useActionData<typeof action>() });
  if (d.status === "ENROLLED") return null;
  return (
    <section className="card" aria-labelledby="enroll-h">
      <h2 id="enroll-h">Enroll in a cohort</h2>
      {d.enroll.ok ? null : <p className="muted">Not yet: {d.enroll.reason}</p>}
      <FormError message={formMessage(form)} />
      <SchemaForm form={form}>
        <input type="hidden" name="intent" value="enroll" />
        <input type="hidden" name="version" value={d.version} />
        <SelectField
          label="Cohort"
          placeholder="Choose a cohort"
          options={d.cohorts.map((c) => ({ value: c.id, label: `${c.name} (starts ${formatLocalDate(c.startDate)})` }))}
          {...fieldProps(fields.cohortId)}
        />
        {d.participantId ? null : (
          <>
            <Field
              label="Existing participant code (optional)"
              hint="Already a participant (an earlier cohort)? Enter their code to link that record; otherwise a new record is made from the details below."
              {...fieldProps(fields.existingCode)}
            />
            <Field label="Date of birth" type="date" {...fieldProps(fields.dateOfBirth)} />
            <SelectField
              label="Sex"
              placeholder="Choose"
              options={SEXES.map((s) => ({ value: s, label: SEX_LABEL[s] }))}
              {...fieldProps(fields.sex)}
            />
            <SelectField
              label="Occupation"
              placeholder="Choose"
              options={OCCUPATIONS.map((o) => ({ value: o, label: OCCUPATION_LABEL[o] }))}
              {...fieldProps(fields.occupation)}
            />
          </>
        )}
        <div className="actions">
          <button className="button button--primary" type="submit">
            Enroll in cohort
          </button>
        </div>
      </SchemaForm>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
