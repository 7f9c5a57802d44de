import { describe, expect, it } from "vitest";
import { cohortFormSchema, enrollmentTransitionFormSchema, sessionEditFormSchema } from "~/forms/scheduling";
import { expandTemplate } from "./expand";
import { BURNOUT_TEMPLATE, DEFAULT_SAFETY_THRESHOLDS, FIRST_RESPONDERS_TEMPLATE, SEED_TEMPLATES } from "./seedTemplates";
import { parseProgramTemplate, programTemplateSchema } from "./templateSchema";
import type { ProgramTemplate } from "./types";

/** Messages of a failed parse, keyed by dotted path. */
function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  const out: Record<string, string> = {};
  for (const issue of (r.error as { issues: { path: PropertyKey[]; message: string }[] }).issues) {
    out[issue.path.map(String).join(".")] ??= issue.message;
  }
  return out;
}

const clone = (t: ProgramTemplate): ProgramTemplate => JSON.parse(JSON.stringify(t));

describe("seed templates", () => {
  it("both pass the schema unchanged (and survive a JSON round trip)", () => {
    for (const t of SEED_TEMPLATES) expect(parseProgramTemplate(JSON.parse(JSON.stringify(t)))).toEqual(t);
  });
  it("first responders: 4 groups + 3 dosing over 7 weeks, with the required timepoints", () => {
    const t = FIRST_RESPONDERS_TEMPLATE;
    expect(t.sessionPlan.filter((s) => s.kind === "DOSING")).toHaveLength(3);
    expect(t.sessionPlan.filter((s) => s.kind === "PREPARATION" || s.kind === "INTEGRATION")).toHaveLength(4);
    expect(Math.max(...t.sessionPlan.map((s) => s.dayOffset))).toBeLessThan(49);
    expect(t.measurePlan.map((m) => m.key)).toEqual(["baseline", "dosing_1", "dosing_2", "dosing_3", "last_group", "followup_2w"]);
    for (const key of ["dosing_1", "dosing_2", "dosing_3"]) {
      const tp = t.measurePlan.find((m) => m.key === key)!;
      expect(tp.instruments).toEqual(["MEQ30"]);
      expect(tp.anchor.type === "SESSION" && t.sessionPlan[tp.anchor.sessionIndex].kind).toBe("DOSING");
    }
    expect(t.safetyThresholds).toMatchObject({ preDoseSystolicMax: 140, preDoseDiastolicMax: 90 });
  });
  it("burnout: 6 dosing sessions over 6 weeks, MBI-GS timepoints anchored to dosing 2, 4, 6", () => {
    const t = BURNOUT_TEMPLATE;
    const dosingIdx = t.sessionPlan.flatMap((s, i) => (s.kind === "DOSING" ? [i] : []));
    expect(dosingIdx).toHaveLength(6);
    expect(Math.max(...t.sessionPlan.map((s) => s.dayOffset))).toBeLessThan(42);
    const anchors = t.measurePlan.map((m) => (m.anchor.type === "SESSION" ? m.anchor.sessionIndex : m.anchor.type));
    expect(anchors).toEqual(["COHORT_START", dosingIdx[1], dosingIdx[3], dosingIdx[5]]);
    expect(t.measurePlan.every((m) => m.instruments.includes("MBI_GS"))).toBe(true);
    expect(t.eligibility?.instrument).toBe("MBI_GS");
  });
});

describe("a literature variant built through the schema", () => {
  it("6 weekly sessions: 1 prep, 3 dosing (2 sublingual + 1 IM), 2 integration", () => {
    const dose = (dayOffset: number, route: string) => ({
      kind: "DOSING",
      title: `Dosing (${route})`,
      dayOffset,
      startTime: "09:00",
      durationMinutes: 180,
      requiredStaff: { CLINICIAN: 1, FACILITATOR: 2 },
      route,
    });
    const grp = (kind: string, title: string, dayOffset: number) => ({
      kind,
      title,
      dayOffset,
      startTime: "18:00",
      durationMinutes: 120,
      requiredStaff: { FACILITATOR: 1 },
    });
    const parsed = programTemplateSchema.parse({
      name: "KAP — 6 weekly sessions",
      defaultCapacity: 6,
      sessionPlan: [
        grp("PREPARATION", "Preparation", 0),
        dose(7, "SUBLINGUAL"),
        grp("INTEGRATION", "Integration 1", 14),
        dose(21, "SUBLINGUAL"),
        grp("INTEGRATION", "Integration 2", 28),
        dose(35, "IM"),
      ],
      measurePlan: [
        { key: "baseline", label: "Baseline", instruments: ["PHQ9"], anchor: { type: "COHORT_START" }, offsetDays: -7, windowDays: 6 },
      ],
      safetyThresholds: { preDoseSystolicMax: 160, preDoseDiastolicMax: 100, minMonitoringMinutes: 90 },
    });
    expect(parsed.description).toBe("");
    expect(parsed.eligibility).toBeNull();
    const sessions = expandTemplate({ template: parsed, startDate: "2026-06-01", timeZone: "America/New_York" });
    expect(sessions.map((s) => s.route ?? s.kind)).toEqual(["PREPARATION", "SUBLINGUAL", "INTEGRATION", "SUBLINGUAL", "INTEGRATION", "IM"]);
    expect(new Set(sessions.map((s) => s.localDate.slice(0, 7)))).toEqual(new Set(["2026-06", "2026-07"]));
  });
});

describe("template schema messages", () => {
  const withSession = (patch: Record<string, unknown>) => {
    const t = clone(FIRST_RESPONDERS_TEMPLATE);
    Object.assign(t.sessionPlan[0], patch);
    return t;
  };
  it("start time must be HH:MM (24-hour)", () => {
    for (const bad of ["6pm", "25:00", "18:5", "18:00:00"]) {
      expect(errorsOf(programTemplateSchema, withSession({ startTime: bad }))).toEqual({
        "sessionPlan.0.startTime": "Start time must be HH:MM (24-hour)",
      });
    }
  });
  it("day offset 0–730", () => {
    expect(errorsOf(programTemplateSchema, withSession({ dayOffset: -1 }))["sessionPlan.0.dayOffset"]).toBe(
      "Day offset must be between 0 and 730 days after the cohort start",
    );
    const t = clone(FIRST_RESPONDERS_TEMPLATE);
    t.sessionPlan[6].dayOffset = 731;
    expect(errorsOf(programTemplateSchema, t)["sessionPlan.6.dayOffset"]).toMatch(/between 0 and 730/);
    expect(errorsOf(programTemplateSchema, withSession({ dayOffset: 1.5 }))["sessionPlan.0.dayOffset"]).toBe(
      "Day offset must be a whole number",
    );
  });
  it("duration 15–720 minutes", () => {
    expect(errorsOf(programTemplateSchema, withSession({ durationMinutes: 14 }))["sessionPlan.0.durationMinutes"]).toBe(
      "Duration must be between 15 and 720 minutes",
    );
    expect(errorsOf(programTemplateSchema, withSession({ durationMinutes: 721 }))["sessionPlan.0.durationMinutes"]).toBe(
      "Duration must be between 15 and 720 minutes",
    );
    expect(programTemplateSchema.safeParse(withSession({ durationMinutes: 15 })).success).toBe(true);
  });
  it("staff minimums 0–20 and known roles only", () => {
    expect(
      errorsOf(programTemplateSchema, withSession({ requiredStaff: { FACILITATOR: 21 } }))["sessionPlan.0.requiredStaff.FACILITATOR"],
    ).toBe("Staff minimum must be between 0 and 20");
    expect(errorsOf(programTemplateSchema, withSession({ requiredStaff: { JANITOR: 1 } }))).toEqual({
      "sessionPlan.0.requiredStaff.JANITOR": "Staff role must be one of CLINICIAN, FACILITATOR, COORDINATOR",
    });
  });
  it("route only on dosing sessions; sessions in chronological order", () => {
    expect(errorsOf(programTemplateSchema, withSession({ route: "IM" }))).toEqual({
      "sessionPlan.0.route": "Only dosing sessions have a route",
    });
    expect(errorsOf(programTemplateSchema, withSession({ dayOffset: 8 }))).toEqual({
      "sessionPlan.1.dayOffset": "Sessions must be in chronological order: session 2 starts before session 1",
    });
  });
  it("timepoint keys unique and /^[a-z][a-z0-9_]*$/", () => {
    const t = clone(FIRST_RESPONDERS_TEMPLATE);
    t.measurePlan[1].key = "baseline";
    expect(errorsOf(programTemplateSchema, t)).toEqual({ "measurePlan.1.key": 'Timepoint key "baseline" is used twice' });
    for (const bad of ["Baseline", "2w_followup", "follow-up", ""]) {
      const u = clone(FIRST_RESPONDERS_TEMPLATE);
      u.measurePlan[0].key = bad;
      expect(errorsOf(programTemplateSchema, u)["measurePlan.0.key"]).toMatch(/^Timepoint key must start with a lowercase letter/);
    }
  });
  it("session anchor index must exist in the plan", () => {
    const t = clone(FIRST_RESPONDERS_TEMPLATE);
    t.measurePlan[1].anchor = { type: "SESSION", sessionIndex: 7 };
    expect(errorsOf(programTemplateSchema, t)).toEqual({
      "measurePlan.1.anchor.sessionIndex": 'Timepoint "dosing_1" is anchored to session 8, but the plan has 7 sessions',
    });
  });
  it("default capacity 1–60", () => {
    for (const bad of [0, 61, 1000]) {
      const t = { ...clone(FIRST_RESPONDERS_TEMPLATE), defaultCapacity: bad };
      expect(errorsOf(programTemplateSchema, t)).toEqual({ defaultCapacity: "Capacity must be between 1 and 60 seats" });
    }
  });
  it("eligibility rules: messages from deep inside the tree, whole-number sum thresholds", () => {
    const t = clone(BURNOUT_TEMPLATE);
    t.eligibility!.rule = {
      all: [{ scale: "EX", op: ">=", value: 24, on: "sum" }, { any: [{ scale: "CY", op: "=>" as never, value: 19, on: "sum" }] }],
    };
    expect(errorsOf(programTemplateSchema, t)).toEqual({ "eligibility.rule.all.1.any.0.op": "Comparison must be one of >=, <=, >, <" });
    const s = clone(BURNOUT_TEMPLATE);
    s.eligibility!.rule = {
      all: [{ scale: "EX", op: ">=", value: 24, on: "sum" }, { any: [{ scale: "CY", op: ">=", value: 3.8, on: "sum" }] }],
    };
    expect(errorsOf(programTemplateSchema, s)).toEqual({
      "eligibility.rule.all.1.any.0.value": "A threshold on a sum must be a whole number (sums of items are integers)",
    });
    s.eligibility!.rule = { scale: "CY", op: ">=", value: 3.8, on: "mean" };
    expect(programTemplateSchema.safeParse(s).success).toBe(true);
    const u = clone(BURNOUT_TEMPLATE);
    u.eligibility!.rule = { all: [] };
    expect(errorsOf(programTemplateSchema, u)).toEqual({ "eligibility.rule.all": "An AND group needs at least one rule" });
  });
  it("safety thresholds: diastolic below systolic", () => {
    const t = clone(FIRST_RESPONDERS_TEMPLATE);
    t.safetyThresholds = { ...DEFAULT_SAFETY_THRESHOLDS, preDoseSystolicMax: 100, preDoseDiastolicMax: 110 };
    expect(errorsOf(programTemplateSchema, t)).toEqual({
      "safetyThresholds.preDoseDiastolicMax": "The diastolic limit must be lower than the systolic limit",
    });
  });
  it("parseProgramTemplate throws on corrupt JSON from the database", () => {
    expect(() => parseProgramTemplate({ name: "x" })).toThrow();
  });
});

describe("cohort form", () => {
  // The browser's strings: capacity is typed text, the staff checkboxes are absent.
  const good = {
    name: "Fall 2026 — Fort Collins",
    programId: "prg_1",
    startDate: "2026-10-20",
    timeZone: "America/Denver",
    siteId: "site_1",
    leadFacilitatorId: "u_1",
    capacity: "6",
  };
  it("accepts a valid cohort and fills defaults", () => {
    expect(cohortFormSchema.parse(good)).toEqual({
      ...good,
      capacity: 6,
      roomId: null,
      coFacilitatorIds: [],
      clinicianIds: [],
      acknowledged: [],
    });
  });
  it("unknown time zone", () => {
    expect(errorsOf(cohortFormSchema, { ...good, timeZone: "Mars/Olympus" })).toEqual({
      timeZone: 'Unknown time zone "Mars/Olympus". Use an IANA name such as America/Denver or Europe/Berlin',
    });
    expect(errorsOf(cohortFormSchema, { ...good, timeZone: "+02:00" }).timeZone).toMatch(/^Unknown time zone/);
  });
  it("capacity 1–60", () => {
    expect(errorsOf(cohortFormSchema, { ...good, capacity: "0" })).toEqual({ capacity: "Capacity must be between 1 and 60 seats" });
    expect(errorsOf(cohortFormSchema, { ...good, capacity: "1000" })).toEqual({ capacity: "Capacity must be between 1 and 60 seats" });
    expect(cohortFormSchema.safeParse({ ...good, capacity: "1" }).success).toBe(true);
    expect(cohortFormSchema.safeParse({ ...good, capacity: "60" }).success).toBe(true);
  });
  it("start date must be a real date", () => {
    expect(errorsOf(cohortFormSchema, { ...good, startDate: "2026-02-30" })).toEqual({
      startDate: "Enter a real date between 1900 and 2100 (YYYY-MM-DD); this one does not exist",
    });
  });
});

describe("session edit and enrollment forms", () => {
  it("cancel needs a reason", () => {
    expect(errorsOf(sessionEditFormSchema, { intent: "cancel", sessionId: "s1", reason: "  " })).toEqual({
      reason: "Give a reason for cancelling the session",
    });
  });
  it("unknown intent is refused", () => {
    expect(errorsOf(sessionEditFormSchema, { intent: "explode", sessionId: "s1" })).toEqual({ intent: "Unknown action" });
  });
  it("shift must be non-zero and at most 60 days", () => {
    expect(errorsOf(sessionEditFormSchema, { intent: "shift", sessionId: "s1", shiftDays: "0", shiftMinutes: "0" })).toEqual({
      shiftDays: "Shift by a non-zero amount",
    });
    expect(sessionEditFormSchema.parse({ intent: "shift", sessionId: "s1", shiftDays: "7", shiftMinutes: "0" })).toMatchObject({
      deltaMinutes: 10080,
      acknowledged: [],
    });
  });
  it("add: bad time and a route on a non-dosing session", () => {
    const add = {
      intent: "add",
      kind: "INTEGRATION",
      title: "Extra circle",
      localDate: "2026-11-05",
      localStartTime: "6:30",
      localEndTime: "20:00",
    };
    expect(errorsOf(sessionEditFormSchema, add)).toEqual({ localStartTime: "Start time must be HH:MM (24-hour)" });
    expect(errorsOf(sessionEditFormSchema, { ...add, localStartTime: "18:30", route: "IM" })).toEqual({
      route: "Only dosing sessions have a route",
    });
  });
  it("enrollment transition form", () => {
    expect(errorsOf(enrollmentTransitionFormSchema, { enrollmentId: "e1", to: "PROMOTED" })).toEqual({ to: "Choose a valid status" });
    expect(enrollmentTransitionFormSchema.parse({ enrollmentId: "e1", to: "ACTIVE", consentDate: "2026-10-01" })).toEqual({
      enrollmentId: "e1",
      to: "ACTIVE",
      consentDate: "2026-10-01",
      reason: null,
      withdrawnOn: null,
    });
  });
});
