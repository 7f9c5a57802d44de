import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { BURNOUT_TEMPLATE, FIRST_RESPONDERS_TEMPLATE } from "~/domain/scheduling";
import { editorValues, programCopySchema, programEditorSchema } from "./programs";

/** The form a browser sends for these editor values: nested names, bracket indices ("sessionPlan[1].title"). */
function formData(values: unknown, prefix = "", fd = new FormData()): FormData {
  if (Array.isArray(values)) values.forEach((v, i) => formData(v, `${prefix}[${i}]`, fd));
  else if (values && typeof values === "object")
    for (const [k, v] of Object.entries(values)) formData(v, prefix ? `${prefix}.${k}` : k, fd);
  else fd.append(prefix, String(values));
  return fd;
}

const parse = (fd: FormData) => parseWithZod(fd, { schema: programEditorSchema, disableAutoCoercion: true });

describe("programEditorSchema", () => {
  it("reads back the template the editor was filled with", () => {
    for (const t of [FIRST_RESPONDERS_TEMPLATE, BURNOUT_TEMPLATE]) {
      const submission = parse(formData({ intent: "save", ...editorValues(t) }));
      expect(submission.status).toBe("success");
      expect(submission.status === "success" && submission.value).toEqual(t);
    }
  });

  it("also reads rows named with dotted indices, in index order", () => {
    const fd = formData({ intent: "save", ...editorValues({ ...BURNOUT_TEMPLATE, measurePlan: [] }), sessionPlan: [] });
    for (const i of [1, 0]) {
      // Written last row first: the index decides the order.
      const s = BURNOUT_TEMPLATE.sessionPlan[i];
      const p = `sessionPlan.${i}.`;
      fd.append(`${p}kind`, s.kind);
      fd.append(`${p}title`, s.title);
      fd.append(`${p}dayOffset`, String(s.dayOffset));
      fd.append(`${p}startTime`, s.startTime);
      fd.append(`${p}durationMinutes`, String(s.durationMinutes));
      fd.append(`${p}requiredStaff.FACILITATOR`, String(s.requiredStaff.FACILITATOR ?? 0));
      if (s.route) fd.append(`${p}route`, s.route);
    }
    const submission = parse(fd);
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.sessionPlan.map((s) => s.title)).toEqual(
      BURNOUT_TEMPLATE.sessionPlan.slice(0, 2).map((s) => s.title),
    );
  });

  it("reports every message at once, each under its field's name (JSON mistakes on eligibility)", () => {
    const values = editorValues({ ...FIRST_RESPONDERS_TEMPLATE, name: "" });
    values.sessionPlan[1] = { ...values.sessionPlan[1], startTime: "25:00" };
    values.eligibility = "{not json";
    values.eligibilitySource = "json";
    values.safetyThresholds = { ...values.safetyThresholds, preDoseDiastolicMax: "200" };
    values.contraindicationChecklist.push({ key: "Bad Key", label: "Something", severity: "ABSOLUTE" });
    const submission = parse(formData({ intent: "save", ...values }));
    expect(submission.status).toBe("error");
    const error = (submission.status !== "success" && submission.error) || {};
    expect(error.name).toEqual(["Program name is required"]);
    expect(error["sessionPlan[1].startTime"]?.[0]).toMatch(/HH:MM/);
    expect(error.eligibility?.[0]).toMatch(/^The eligibility rule is not valid JSON: /);
    expect(error["safetyThresholds.preDoseDiastolicMax"]?.[0]).toBe("Diastolic limit must be between 50 and 130 mmHg");
    const line = FIRST_RESPONDERS_TEMPLATE.contraindicationChecklist.length;
    expect(error[`contraindicationChecklist[${line}].label`]).toEqual(["Checklist key must be lowercase letters, digits and _"]);
  });

  it("refuses a form that does not say it saves", () => {
    const submission = parse(formData({ intent: "delete", ...editorValues(BURNOUT_TEMPLATE) }));
    expect(submission.status).toBe("error");
    expect(submission.status !== "success" && submission.error?.intent?.[0]).toMatch(/Reload the page/);
  });
});

describe("dose ranges in the program editor", () => {
  const withRanges = (doseRanges: Record<string, { min: string; max: string }>) =>
    parse(formData({ intent: "save", ...editorValues(BURNOUT_TEMPLATE), doseRanges }));

  it("reads the ranges typed per route; empty boxes mean no range", () => {
    const s = withRanges({ IM: { min: "0.5", max: "1.0" }, IV: { min: "", max: "" }, SUBLINGUAL: { min: "1", max: "4" } });
    expect(s.status === "success" && s.value.doseRanges).toEqual({ IM: { min: 0.5, max: 1 }, SUBLINGUAL: { min: 1, max: 4 } });
    const none = withRanges({ IM: { min: "", max: "" } });
    expect(none.status === "success" && none.value.doseRanges).toBeUndefined();
  });

  it("refuses a range whose highest dose is not above its lowest, a non-positive dose and a half-filled pair, by field", () => {
    const s = withRanges({ IM: { min: "1", max: "1" }, IV: { min: "0", max: "0.5" }, SUBLINGUAL: { min: "1", max: "" } });
    expect(s.status).toBe("error");
    const error = s.status === "error" ? s.error : undefined;
    expect(error?.["doseRanges.IM.max"]).toEqual(["The highest dose must be above the lowest dose"]);
    expect(error?.["doseRanges.IV.min"]).toEqual(["The lowest dose must be more than 0 mg/kg"]);
    expect(error?.["doseRanges.SUBLINGUAL.max"]).toEqual(["The highest dose must be a number (mg/kg)"]);
  });
});

describe("programCopySchema", () => {
  it("takes the same program-name rules as the editor", () => {
    expect(programCopySchema.safeParse({ name: "  Copy  " }).data).toEqual({ name: "Copy" });
    expect(programCopySchema.safeParse({ name: " " }).error?.issues[0].message).toBe("Program name is required");
  });
});

describe("screening in the program editor", () => {
  it("saves the rule built from rows; a sum cut-off that is not whole is refused at its row", () => {
    const values = editorValues(BURNOUT_TEMPLATE);
    expect(values.eligibilitySource).toBe("builder");
    const group = values.eligibilityRule.rows[1];
    if (group.type !== "group") throw new Error("expected the nested group");
    group.rows[1] = { ...group.rows[1], value: "25.5" };
    values.eligibility = "{ignored while the builder is chosen";
    const submission = parse(formData({ intent: "save", ...values }));
    const error = (submission.status !== "success" && submission.error) || {};
    expect(Object.keys(error)).toEqual(["eligibilityRule.rows[1].rows[1].value"]);
    expect(error["eligibilityRule.rows[1].rows[1].value"]?.[0]).toMatch(/whole number/);
  });

  it("gives a new contraindication row a key from its label, unique among the rows", () => {
    const values = editorValues({ ...BURNOUT_TEMPLATE, contraindicationChecklist: [] });
    values.contraindicationChecklist = [
      { key: "", label: "Recent stroke", severity: "ABSOLUTE" },
      { key: "", label: "Recent  stroke!", severity: "RELATIVE" },
      { key: "", label: "2 or more falls", severity: "RELATIVE" },
    ];
    const submission = parse(formData({ intent: "save", ...values }));
    expect(submission.status === "success" && submission.value.contraindicationChecklist).toEqual([
      { key: "recent_stroke", label: "Recent stroke", severity: "ABSOLUTE" },
      { key: "recent_stroke_2", label: "Recent  stroke!", severity: "RELATIVE" },
      { key: "item_2_or_more_falls", label: "2 or more falls", severity: "RELATIVE" },
    ]);
  });

  it("gives a pre-dose checklist line written without a key one made from its wording; keyed lines keep theirs", () => {
    const values = editorValues({ ...BURNOUT_TEMPLATE, preDoseChecklist: [] });
    values.preDoseChecklist = ["fasting | No food for 4 hours", "No food for 4 hours", "Escort home arranged", "  "].join("\n");
    const submission = parse(formData({ intent: "save", ...values }));
    expect(submission.status === "success" && submission.value.preDoseChecklist).toEqual([
      { key: "fasting", label: "No food for 4 hours" },
      { key: "no_food_for_4_hours", label: "No food for 4 hours" },
      { key: "escort_home_arranged", label: "Escort home arranged" },
    ]);
    // A line with a key and no wording is still refused.
    values.preDoseChecklist = "fasting |";
    const refused = parse(formData({ intent: "save", ...values }));
    expect(refused.status).not.toBe("success");
  });

  it("an empty contraindication row is refused at its label", () => {
    const values = editorValues(BURNOUT_TEMPLATE);
    values.contraindicationChecklist.push({ key: "", label: "", severity: "ABSOLUTE" });
    const submission = parse(formData({ intent: "save", ...values }));
    const error = (submission.status !== "success" && submission.error) || {};
    const n = BURNOUT_TEMPLATE.contraindicationChecklist.length;
    expect(Object.keys(error)).toEqual([`contraindicationChecklist[${n}].label`]);
  });
});
