import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toCsv } from "~/utils/csv";
import { buildReport, defaultTimepoints, reportJson } from "./build";
import { datasetCsv, daysSince, dictionaryMarkdown, reportTableCsv, REPORT_TABLES, shiftDate } from "./csv";
import { fmt, fmtP } from "./format";
import { ageBand } from "./sections";
import { itemsForTotal, reportEnrollment, toReportAssessment } from "./testSupport";
import type { ReportAssessment, ReportEnrollment, ReportInput, ReportTimepoint } from "./types";

const root = new URL("../../../tests/fixtures/", import.meta.url);
const csv = (name: string) =>
  readFileSync(new URL(`prepost/${name}`, root), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(","))
    .map(([id, pre, post]) => ({
      id,
      pre: pre === "" || pre === "NA" ? null : Number(pre),
      post: post === "" || post === "NA" ? null : Number(post),
    }));
const expected = JSON.parse(readFileSync(new URL("prepost/expected.json", root), "utf8")).datasets;
const rReports = JSON.parse(readFileSync(new URL("r/reports_ds1.json", root), "utf8"));

const enrollment = reportEnrollment;

const TIMEPOINTS: ReportTimepoint[] = [
  { key: "baseline", label: "Baseline", instruments: ["PHQ9", "MBI_GS"] },
  { key: "dosing_1", label: "After dosing 1", instruments: ["MEQ30"] },
  { key: "post", label: "Post-treatment", instruments: ["PHQ9", "MBI_GS"] },
];

function input(
  enrollments: ReportEnrollment[],
  assessments: ReportAssessment[],
  over: Partial<ReportInput["options"]> = {},
): ReportInput & { assessments: ReportAssessment[] } {
  return {
    scope: { kind: "cohort", id: "c1", name: "Cohort A" },
    timepoints: TIMEPOINTS,
    eligibility: null,
    enrollments,
    assessments,
    dosings: [],
    adverseEvents: [],
    filters: {},
    options: { pre: "baseline", post: "post", population: "enrolled", ...over },
  };
}

function phq(eid: string, tp: string, total: number) {
  return toReportAssessment(eid, tp, "PHQ9", itemsForTotal(total, 9, 3), "2026-03-01");
}

function ds1Input() {
  const rows = csv("ds1_phq9_n32_ties.csv");
  const enrollments = rows.map((_, i) => enrollment(i + 1));
  const assessments = rows.flatMap((r, i) => [phq(`e${i + 1}`, "baseline", r.pre!), phq(`e${i + 1}`, "post", r.post!)]);
  return input(enrollments, assessments);
}

function close(actual: unknown, want: unknown, path = "") {
  if (typeof want === "number") {
    expect(typeof actual, path).toBe("number");
    expect(Math.abs((actual as number) - want), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
  } else if (Array.isArray(want)) {
    want.forEach((w, i) => close((actual as unknown[])[i], w, `${path}[${i}]`));
  } else if (want && typeof want === "object") {
    for (const [k, w] of Object.entries(want)) close((actual as Record<string, unknown>)[k], w, `${path}.${k}`);
  } else expect(actual, path).toEqual(want);
}

describe("pre/post measures", () => {
  it("reproduces R for ds1 (PHQ-9, n = 32, ties) through the whole report", () => {
    const json = reportJson(buildReport(ds1Input()));
    const m = json.measures.find((x) => x.instrument === "PHQ9" && x.scale === "total")!;
    const want = expected["ds1_phq9_n32_ties.csv"];
    for (const key of ["n", "pre", "post", "change", "t_test", "wilcoxon", "effect"])
      close((m as Record<string, unknown>)[key], want[key], key);
    expect(m.wilcoxon.method).toBe("normal-cc");
  });

  it("counts responders (≥ 5 points down) with the Wilson interval R gives", () => {
    const m = buildReport(ds1Input()).measures[0];
    expect(m.responders!.count).toBe(rReports.responders.count);
    expect(m.responders!.n).toBe(32);
    close(m.responders!.rate, rReports.responders.rate);
    close(m.responders!.wilson95, rReports.responders.wilson95);
    expect(m.responders!.rule).toMatch(/decrease of ≥ 5 points/);
  });

  it("uses a configured responder threshold", () => {
    const r = buildReport({
      ...ds1Input(),
      options: { pre: "baseline", post: "post", population: "enrolled", responderPoints: { PHQ9: 1 } },
    });
    expect(r.measures[0].responders!.points).toBe(1);
    expect(r.measures[0].responders!.count).toBe(csv("ds1_phq9_n32_ties.csv").filter((x) => x.pre! - x.post! >= 1).length);
  });

  it("computes Jacobson–Truax reliable change with the pinned reliability (r = 0.84)", () => {
    const rc = buildReport(ds1Input()).measures[0].reliableChange;
    expect(rc.reliability).toBe(0.84);
    expect(rc.improved).toBe(rReports.reliable.improved);
    expect(rc.deteriorated).toBe(rReports.reliable.deteriorated);
  });

  it("gives trajectories with t-based 95% CIs and % change as R", () => {
    const t = buildReport(ds1Input()).trajectories.find((x) => x.id === "PHQ9.total")!;
    expect(t.points.map((p) => p.timepoint)).toEqual(["baseline", "post"]);
    close(t.points[0].ci95, rReports.trajectory.pre_ci95);
    close(t.points[1].ci95, rReports.trajectory.post_ci95);
    close(t.points[1].percentChange, rReports.trajectory.percent_change);
    expect(t.lines).toEqual([]);
  });

  it("builds the severity-band shift table (baseline × post)", () => {
    const shift = buildReport(ds1Input()).bandShifts.find((b) => b.id === "bands.PHQ9.total")!;
    expect(shift.n).toBe(rReports.bands_total);
    expect(shift.rows).toEqual(["Minimal", "Mild", "Moderate", "Moderately severe", "Severe"]);
    expect(shift.counts.map((r, i) => r[i])).toEqual(rReports.bands_diagonal);
  });
});

describe("edge cases never produce NaN", () => {
  it("n = 0, 1 and all-equal differences give nulls with explanations", () => {
    for (const pairs of [
      [],
      [[10, 5]],
      [
        [10, 5],
        [12, 7],
        [8, 3],
      ],
    ] as [number, number][][]) {
      const enrollments = pairs.map((_, i) => enrollment(i + 1));
      const assessments = pairs.flatMap(([a, b], i) => [phq(`e${i + 1}`, "baseline", a), phq(`e${i + 1}`, "post", b)]);
      const r = buildReport(input([...enrollments, enrollment(99)], [...assessments, phq("e99", "baseline", 12)]));
      const m = r.measures[0];
      expect(m.n).toBe(pairs.length);
      expect(m.t_test).toBeNull();
      expect(m.notes.join(" ")).toMatch(/one timepoint only/);
      expect(m.notes.length).toBeGreaterThan(1);
      const text = JSON.stringify(r) + REPORT_TABLES.map((t) => reportTableCsv(r, t)).join("");
      expect(text).not.toMatch(/NaN|Infinity/);
    }
  });

  it("explains timepoints that share no instrument", () => {
    const r = buildReport({ ...ds1Input(), options: { pre: "baseline", post: "dosing_1", population: "enrolled" } });
    expect(r.measures).toEqual([]);
    expect(r.warnings.join(" ")).toMatch(/share no instrument/);
  });

  it("formats undefined numbers as a dash", () => {
    expect(fmt(null)).toBe("—");
    expect(fmt(Number.NaN)).toBe("—");
    expect(fmt(-0.0001)).toBe("0.00");
    expect(fmtP(1e-7)).toBe("< 0.001");
  });
});

describe("flow, populations and filters", () => {
  it("counts the CONSORT flow with drop-out reasons", () => {
    const base = ds1Input();
    const extra = [
      enrollment(40, {
        status: "INELIGIBLE",
        statusReason: "EX below cut-off",
        statusesReached: ["REFERRED", "SCREENING", "INELIGIBLE"],
        dosingSessions: 0,
      }),
      enrollment(41, {
        status: "WITHDRAWN",
        statusReason: "Moved away",
        statusesReached: ["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", "WITHDRAWN"],
        dosingSessions: 1,
      }),
      enrollment(42, { status: "REFERRED", statusesReached: ["REFERRED"], dosingSessions: 0 }),
    ];
    const r = buildReport({ ...base, enrollments: [...base.enrollments, ...extra] });
    expect(r.flow).toMatchObject({ referred: 35, screened: 34, eligible: 33, enrolled: 33, dosed: 33, completed: 32, analysed: 33 });
    expect(r.flow.paired["PHQ9.total"]).toBe(32);
    expect(r.flow.dropouts).toContainEqual({ stage: "Withdrew after enrolling", reason: "Moved away", count: 1 });
    expect(r.flow.dropouts).toContainEqual({ stage: "Not eligible at screening", reason: "EX below cut-off", count: 1 });
    const completers = buildReport({
      ...base,
      enrollments: [...base.enrollments, ...extra],
      options: { ...base.options, population: "completers" },
    });
    expect(completers.flow.analysed).toBe(32);
  });

  it("counts each person once per program, and the referrals that never became an enrollment", () => {
    const base = ds1Input();
    const program = { ...base, scope: { kind: "program" as const, id: "prog", name: "Program" } };
    // p1 waited in cohort B, then took a seat in cohort A: one person, not two.
    const waitlisted = enrollment(1, {
      enrollmentId: "e1-waitlist",
      cohortId: "c2",
      cohortName: "Cohort B",
      status: "WAITLISTED",
      statusesReached: ["REFERRED", "SCREENING", "ELIGIBLE", "WAITLISTED"],
      dosingSessions: 0,
    });
    const referral = (over: Partial<NonNullable<ReportInput["referrals"]>[number]>) => ({
      participantId: null,
      status: "REFERRED",
      statusReason: null,
      ruleStatus: null,
      clearance: null,
      clearanceReason: null,
      ...over,
    });
    const referrals = [
      referral({ participantId: "p1", status: "ENROLLED", ruleStatus: "ELIGIBLE", clearance: "CLEARED" }),
      referral({ status: "INELIGIBLE", statusReason: "EX 4.6 < 4.8", ruleStatus: "INELIGIBLE" }),
      referral({ status: "NOT_CLEARED", ruleStatus: "ELIGIBLE", clearance: "NOT_CLEARED", clearanceReason: "BP 172/104" }),
      referral({ status: "CLEARED", ruleStatus: "ELIGIBLE", clearance: "CLEARED_WITH_CONDITIONS" }),
      referral({ status: "WITHDREW", statusReason: "Changed jobs" }),
      referral({ status: "LOST_TO_CONTACT", statusReason: "No answer to three calls", ruleStatus: "ELIGIBLE" }),
      referral({ status: "REFERRED" }),
    ];
    const withoutReferrals = buildReport({ ...program, enrollments: [...base.enrollments, waitlisted] });
    expect(withoutReferrals.flow).toMatchObject({ referred: 32, screened: 32, eligible: 32, cleared: null, enrolled: 32, consented: 32 });
    expect(withoutReferrals.flow.dropouts.some((d) => d.stage.startsWith("Waitlisted"))).toBe(false);

    const r = buildReport({ ...program, enrollments: [...base.enrollments, waitlisted], referrals });
    // 32 participants + 6 referrals without an enrollment.
    expect(r.flow).toMatchObject({
      referred: 38,
      screened: 36,
      eligible: 35,
      cleared: 33,
      enrolled: 32,
      consented: 32,
      dosed: 32,
      analysed: 32,
    });
    expect(r.flow.dropouts).toEqual(
      expect.arrayContaining([
        { stage: "Not eligible at screening", reason: "EX 4.6 < 4.8", count: 1 },
        { stage: "Not medically cleared", reason: "BP 172/104", count: 1 },
        { stage: "Withdrew before screening", reason: "Changed jobs", count: 1 },
        { stage: "Lost to contact during screening", reason: "No answer to three calls", count: 1 },
        { stage: "Not yet enrolled", reason: "Cleared, awaiting a place in a cohort", count: 1 },
        { stage: "Not yet enrolled", reason: "Awaiting screening", count: 1 },
      ]),
    );
    const steps = reportTableCsv(r, "flow");
    expect(steps).toContain("Medically cleared,33,");
    expect(steps).toContain("Consented (active),32,");
    // A filter narrows the report to enrollments: referrals that never enrolled belong to no cohort.
    const filtered = buildReport({ ...program, enrollments: [...base.enrollments, waitlisted], referrals, filters: { sex: "FEMALE" } });
    expect(filtered.flow.referred).toBe(filtered.flow.enrolled);
    // A cohort report counts only its own participants' referrals.
    const cohort = buildReport({ ...base, enrollments: [...base.enrollments], referrals });
    expect(cohort.flow).toMatchObject({ referred: 32, cleared: 32 });
  });

  it("filters by sex and reports subgroups by every dimension", () => {
    const base = ds1Input();
    const r = buildReport({ ...base, filters: { sex: "FEMALE" } });
    expect(r.measures[0].n).toBe(16);
    expect(r.filterText).toEqual(["Sex: FEMALE"]);
    const all = buildReport(base);
    const sexRows = all.subgroups!.rows.filter((g) => g.dimension === "sex");
    expect(sexRows.map((g) => Number(g.n)).reduce((a, b) => a + b, 0)).toBe(32);
    expect(new Set(all.subgroups!.rows.map((g) => g.dimension))).toEqual(new Set(["occupation", "sex", "ageBand", "route"]));
  });

  it("computes age bands at the cohort start", () => {
    expect(ageBand("1990-03-02", "2020-03-01")).toBe("18–29");
    expect(ageBand("1990-03-01", "2020-03-01")).toBe("30–39");
    expect(ageBand("1950-01-01", "2020-03-01")).toBe("60+");
    expect(ageBand("", "2020-03-01")).toBe("Unknown");
  });

  it("defaults to the first and last timepoints that share instruments", () => {
    expect(defaultTimepoints(TIMEPOINTS)).toEqual({ pre: "baseline", post: "post" });
    expect(defaultTimepoints([...TIMEPOINTS, { key: "meq", label: "MEQ", instruments: ["MEQ30"] }])).toEqual({
      pre: "baseline",
      post: "post",
    });
    expect(defaultTimepoints([{ key: "a", label: "A", instruments: ["MEQ30"] }])).toBeNull();
  });
});

describe("categories, MEQ-30 and safety", () => {
  const mbi = (eid: string, tp: string, ex: number, cy: number, pe: number) => {
    // MBI-GS items: EX 1,2,3,4,6; CY 8,9,13,14,15; PE 5,7,10,11,12,16 (0–6).
    const r: number[] = new Array(16).fill(0);
    const fill = (items: number[], total: number) => itemsForTotal(total, items.length, 6).forEach((v, i) => (r[items[i] - 1] = v));
    fill([1, 2, 3, 4, 6], ex);
    fill([8, 9, 13, 14, 15], cy);
    fill([5, 7, 10, 11, 12, 16], pe);
    return toReportAssessment(eid, tp, "MBI_GS", r);
  };

  it("classifies burnout profiles, MBI multi-subscale responders and the eligibility rule", () => {
    const enrollments = [1, 2, 3].map((i) => enrollment(i));
    const assessments = [
      mbi("e1", "baseline", 25, 20, 20),
      mbi("e1", "post", 10, 5, 30), // Burnout → Engaged; responds on 3
      mbi("e2", "baseline", 25, 5, 30),
      mbi("e2", "post", 22, 5, 30), // Overextended → Overextended; none (−3 sum < 5)
      mbi("e3", "baseline", 25, 20, 20),
      mbi("e3", "post", 20, 20, 20), // Burnout → Burnout; EX only
    ];
    const r = buildReport({
      ...input(enrollments, assessments),
      eligibility: {
        instrument: "MBI_GS",
        rule: {
          all: [
            { scale: "EX", op: ">=", value: 24, on: "sum" },
            {
              any: [
                { scale: "CY", op: ">=", value: 19, on: "sum" },
                { scale: "PE", op: "<=", value: 25, on: "sum" },
              ],
            },
          ],
        },
      },
    });
    expect(r.profiles!.cutoffText).toMatch(/EX high ≥ 3.2/);
    const t = r.profiles!.table;
    expect(t.counts[t.rows.indexOf("Burnout")][t.cols.indexOf("Engaged")]).toBe(1);
    expect(t.counts[t.rows.indexOf("Burnout")][t.cols.indexOf("Burnout")]).toBe(1);
    expect(r.profiles!.stillBurnout).toBe("1 of 2 participants in the Burnout profile at baseline no longer met it after treatment.");
    expect(r.mbiMultiSubscale).toMatchObject({ n: 3, atLeast1: { count: 2 }, atLeast2: { count: 1 }, all3: { count: 1 } });
    expect(r.eligibility).toMatchObject({ n: 3, before: { count: 2 }, after: { count: 0 } });
  });

  it("summarises MEQ-30 per dosing timepoint with % complete mystical experience", () => {
    const full = new Array(30).fill(5);
    const low = new Array(30).fill(1);
    const r = buildReport(
      input(
        [1, 2].map((i) => enrollment(i)),
        [toReportAssessment("e1", "dosing_1", "MEQ30", full), toReportAssessment("e2", "dosing_1", "MEQ30", low)],
      ),
    );
    expect(r.meq).toHaveLength(1);
    expect(r.meq[0].complete).toMatchObject({ n: 2, count: 1, rate: 0.5 });
    expect(r.meq[0].factors.find((f) => f.scale === "mystical")!.mean).toBe(3);
  });

  it("counts AEs by grade and per dosing session over the analysed participants", () => {
    const base = input(
      [1, 2].map((i) => enrollment(i)),
      [],
    );
    const r = buildReport({
      ...base,
      dosings: [
        { participantId: "p1", sessionNumber: 1 },
        { participantId: "p2", sessionNumber: 1 },
        { participantId: "p1", sessionNumber: 2 },
        { participantId: "p9", sessionNumber: 1 },
      ],
      adverseEvents: [
        { participantId: "p1", grade: 1, serious: false, related: true, sessionNumber: 1 },
        { participantId: "p1", grade: 3, serious: true, related: false, sessionNumber: 2 },
        { participantId: "p9", grade: 2, serious: false, related: true, sessionNumber: 1 },
      ],
    });
    expect(r.safety.totalEvents).toBe(2);
    expect(r.safety.byGrade).toEqual([
      { grade: 1, serious: 0, nonSerious: 1, participants: 1 },
      { grade: 3, serious: 1, nonSerious: 0, participants: 1 },
    ]);
    expect(r.safety.perSession[0]).toMatchObject({ sessionNumber: 1, participantsDosed: 2, any: { count: 1, percent: 50 } });
  });
});

describe("exports", () => {
  it("writes CSV with quoting and formula protection", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", '=cmd"'],
          [-1.5, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","\'=cmd"""\r\n-1.5,\r\n');
  });

  it("writes the long-format dataset with export codes, days from the cohort start and a per-participant date shift", () => {
    const base = ds1Input();
    const codeFor = (pid: string) => (pid === "p1" ? "X-B" : "X-A");
    const text = datasetCsv(base.enrollments.slice(0, 2), base.assessments, TIMEPOINTS, {
      codeFor,
      shiftFor: (pid) => (pid === "p1" ? 3 : -2),
    });
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "participant_code,cohort,sex,occupation,age_band,route,enrollment_status,timepoint,timepoint_order,instrument,scale,value,scale_method,valid,days_from_cohort_start,completed_on",
    );
    expect(lines).toHaveLength(5);
    const start = base.enrollments[0].cohortStartDate;
    expect(lines[3]).toBe(
      `X-B,Cohort A,FEMALE,NURSE,30–39,IM,COMPLETED,baseline,1,PHQ9,total,10,sum,1,${daysSince(start, "2026-03-01")},2026-03-04`,
    );
    expect(lines[1]).toMatch(/^X-A,.*,2026-02-27$/);
    expect(text).not.toMatch(/GK-000/);
    const undated = datasetCsv(base.enrollments.slice(0, 2), base.assessments, TIMEPOINTS, { codeFor, shiftFor: null });
    for (const l of undated.trim().split("\r\n").slice(1)) expect(l).toMatch(/,-?\d+,$/);
    expect(shiftDate("2024-02-28", 2)).toBe("2024-03-01");
    expect(dictionaryMarkdown(14)).toMatch(/\[−14, \+14\]/);
  });
});

describe("responder rule agrees with the instrument library", () => {
  it("column-wise integer-sum comparison gives evaluateChange's verdicts (MBI-GS means, PHQ-9 sums)", async () => {
    const { evaluateChange, getInstrument } = await import("~/domain/instruments");
    const { requiredSumImprovement } = await import("./prePost");
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    for (const code of ["MBI_GS", "PHQ9"] as const) {
      const def = getInstrument(code);
      const rule = def.changeThresholds.responder!;
      for (let i = 0; i < 300; i++) {
        const a = toReportAssessment(
          "e",
          "baseline",
          code,
          def.items.map(() => rand(def.max + 1)),
        );
        const b = toReportAssessment(
          "e",
          "post",
          code,
          def.items.map(() => rand(def.max + 1)),
        );
        const ev = evaluateChange(
          def as never,
          { instrument: code, scales: a.scales as never },
          { instrument: code, scales: b.scales as never },
        );
        for (const s of def.scales) {
          if (!(rule.scales as readonly string[]).includes(s.key)) continue;
          const sign = s.improvement === "decrease" ? -1 : 1;
          const mine = sign * (b.scales[s.key]!.sum! - a.scales[s.key]!.sum!) >= requiredSumImprovement(rule.points, s);
          expect(mine).toBe(ev.scales.find((x) => x.scale === s.key)!.responder);
        }
      }
    }
  });
});
