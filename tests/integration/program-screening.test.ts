// Issue 13: screening built in the program editor from rows (instrument, scale, comparison,
// cut-off, mean/sum, all of / any of with one nested group) and the contraindication
// checklist as rows, through the route's action: the rule is stored as the same JSON and
// read back identical; a bad row gets its own message and nothing is written.
import { beforeAll, describe, expect, it } from "vitest";
import { BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { createProgramFromTemplate } from "~/models/program.server";
import * as login from "~/routes/login";
import * as programPage from "~/routes/programs.$programId";
import * as programsNew from "~/routes/programs.new";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { editorForm } from "../setup/factories-scheduling";
import { call, cookieFrom, formReply, replyOf } from "../setup/http";

const META = { ip: "10.0.0.9", userAgent: "vitest" };
const TEMPLATE: ProgramTemplate = { ...FIRST_RESPONDERS_TEMPLATE, name: "Screening builder program", measurePlan: [] };

let cookie: string;
let programId: string;

/** The editor form with the rule given as builder rows (as the page sends it) and the checklist as rows. */
function builderForm(
  t: ProgramTemplate,
  rule: Record<string, string>,
  checklist: Array<{ key?: string; label: string; severity: string }>,
) {
  const form: Record<string, string> = { ...editorForm(t), eligibilitySource: "builder", eligibility: "" };
  delete form.contraindicationChecklist;
  for (const [k, v] of Object.entries(rule)) form[`eligibilityRule.${k}`] = v;
  checklist.forEach((c, i) => {
    if (c.key) form[`contraindicationChecklist[${i}].key`] = c.key;
    form[`contraindicationChecklist[${i}].label`] = c.label;
    form[`contraindicationChecklist[${i}].severity`] = c.severity;
  });
  return form;
}

/** EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3) on MBI-GS item means, as rows. */
const BURNOUT_ROWS: Record<string, string> = {
  instrument: "MBI_GS",
  combine: "all",
  note: "Published mean form",
  "rows[0].type": "condition",
  "rows[0].scale": "EX",
  "rows[0].op": ">=",
  "rows[0].value": "4.8",
  "rows[0].on": "mean",
  "rows[1].type": "group",
  "rows[1].combine": "any",
  "rows[1].rows[0].scale": "CY",
  "rows[1].rows[0].op": ">=",
  "rows[1].rows[0].value": "3.8",
  "rows[1].rows[0].on": "mean",
  "rows[1].rows[1].scale": "PE",
  "rows[1].rows[1].op": "<=",
  "rows[1].rows[1].value": "4.3",
  "rows[1].rows[1].on": "mean",
};

const CHECKLIST = [
  { key: FIRST_RESPONDERS_TEMPLATE.contraindicationChecklist[0].key, label: "Edited wording", severity: "RELATIVE" },
  { label: "Seizure within the last year", severity: "ABSOLUTE" },
];

beforeAll(async () => {
  const coordinator = await createTestUser({ roles: ["COORDINATOR"] });
  const res = await call(login.action, "/login", "POST", { form: { email: coordinator.email, password: TEST_PASSWORD } });
  cookie = cookieFrom(res.headers);
  programId = (await createProgramFromTemplate(coordinator, META, TEMPLATE)).id;
});

const save = (form: Record<string, string>, version: number) =>
  call(programPage.action, `/programs/${programId}`, "POST", {
    cookie,
    params: { programId },
    form: { ...form, version: String(version) },
  });

const readBack = async () =>
  (await call(programPage.loader, `/programs/${programId}`, "GET", { cookie, params: { programId } })).data as {
    program: { version: number; template: ProgramTemplate };
  };

describe("screening in the program editor", () => {
  it("saves the burnout rule built from rows as the stored JSON and reads it back identical", async () => {
    const res = await save(builderForm(TEMPLATE, BURNOUT_ROWS, CHECKLIST), 1);
    expect(res.status).toBe(200);
    const { program } = await readBack();
    expect(program.version).toBe(2);
    expect(program.template.eligibility).toEqual({
      instrument: "MBI_GS",
      rule: BURNOUT_ELIGIBILITY_RULE_MEAN_FORM,
      note: "Published mean form",
    });
    expect(program.template.contraindicationChecklist).toEqual([
      { key: FIRST_RESPONDERS_TEMPLATE.contraindicationChecklist[0].key, label: "Edited wording", severity: "RELATIVE" },
      { key: "seizure_within_the_last_year", label: "Seizure within the last year", severity: "ABSOLUTE" },
    ]);
    const db = await dbReady();
    const stored = await db.programVersion.findFirstOrThrow({ where: { programId, version: 2 } });
    expect(JSON.parse(stored.definition).eligibility.rule).toEqual(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM);

    // Saving the page again unchanged (the editor's values for the saved template) keeps the same rule.
    const again = await save(builderForm(program.template, BURNOUT_ROWS, CHECKLIST), 2);
    expect(again.status).toBe(200);
    expect((await readBack()).program.template.eligibility).toEqual(program.template.eligibility);
  });

  it("a bad row gets its own message and nothing is written", async () => {
    const db = await dbReady();
    const before = await db.programVersion.count({ where: { programId } });
    const rows = { ...BURNOUT_ROWS, "rows[1].rows[1].value": "four", "rows[0].scale": "" };
    const res = await save(builderForm(TEMPLATE, rows, CHECKLIST), 3);
    expect(res.status).toBe(400);
    const reply = await replyOf(res);
    expect(reply.ok).toBe(false);
    expect(reply.errors).toEqual({
      "eligibilityRule.rows.0.scale": "Choose a scale",
      "eligibilityRule.rows.1.rows.1.value": "Cut-off must be a number",
    });
    // The rows come back as typed, so the page draws them again with the messages beside them.
    expect(reply.values.eligibilityRule).toMatchObject({ rows: [{ value: "4.8" }, { rows: [{ value: "3.8" }, { value: "four" }] }] });
    expect(await db.programVersion.count({ where: { programId } })).toBe(before);
  });

  it("a cut-off on a sum that is not whole is refused at its row by the template's own rule", async () => {
    const rows = { ...BURNOUT_ROWS, "rows[1].rows[1].on": "sum", "rows[1].rows[1].value": "25.8" };
    const res = await save(builderForm(TEMPLATE, rows, CHECKLIST), 3);
    expect(res.status).toBe(400);
    expect(formReply(res.data).errors["eligibilityRule.rows.1.rows.1.value"]).toMatch(/whole number/);
  });

  it("the JSON box stays a way in: chosen, its rule is saved; its mistakes show on it", async () => {
    const eligibility = { instrument: "PHQ9", rule: { all: [{ scale: "total", op: ">=", value: 10, on: "sum" }] } };
    const form = { ...builderForm(TEMPLATE, BURNOUT_ROWS, CHECKLIST), eligibilitySource: "json", eligibility: JSON.stringify(eligibility) };
    expect((await save(form, 3)).status).toBe(200);
    expect((await readBack()).program.template.eligibility).toEqual(eligibility);

    const bad = await call(programsNew.action, "/programs/new", "POST", {
      cookie,
      form: {
        ...form,
        name: "Never saved",
        eligibility: '{"instrument":"PHQ9","rule":{"all":[{"scale":"total","op":"=","value":1,"on":"sum"}]}}',
      },
    });
    expect(bad.status).toBe(400);
    const errors = formReply(bad.data).errors;
    expect(Object.entries(errors).find(([k]) => k.startsWith("eligibility"))?.[1]).toBe("Comparison must be one of >=, <=, >, <");
    expect(await (await dbReady()).program.count({ where: { name: "Never saved" } })).toBe(0);
  });
});
