import { describe, expect, it } from "vitest";
import {
  SCREENING_CONTRAINDICATION_DEFAULTS,
  answeredChecklist,
  checkClearance,
  checkEnroll,
  checkOutcome,
  checklistBlocks,
  screeningChecklist,
  type ContraindicationAnswer,
} from "./index";
import { decideEligibility, type ScaleRule } from "../instruments/eligibility";
import { STANDARD_CONTRAINDICATIONS } from "../scheduling/seedTemplates";

const RULE: ScaleRule = { scale: "EX", op: ">=", value: 4.8, on: "mean" };
const ineligible = decideEligibility(RULE, { EX: { sum: 23, itemCount: 5 } });
const eligible = decideEligibility(RULE, { EX: { sum: 24, itemCount: 5 } });
const undetermined = decideEligibility(RULE, {});
const allNo = (items = SCREENING_CONTRAINDICATION_DEFAULTS): ContraindicationAnswer[] =>
  items.map((i) => ({ ...i, answer: "NO", note: null }));

describe("screening checklist", () => {
  it("keeps the program's own items first and adds the domain defaults it lacks", () => {
    const list = screeningChecklist(STANDARD_CONTRAINDICATIONS);
    expect(list.slice(0, STANDARD_CONTRAINDICATIONS.length)).toEqual(STANDARD_CONTRAINDICATIONS);
    expect(list.map((i) => i.key)).toContain("unstable_medical_condition");
    expect(new Set(list.map((i) => i.key)).size).toBe(list.length);
    expect(screeningChecklist([]).map((i) => i.key)).toEqual([
      "uncontrolled_hypertension",
      "psychosis_history",
      "current_mania",
      "active_substance_use",
      "pregnancy_breastfeeding",
      "unstable_medical_condition",
      "interacting_medications",
    ]);
  });
  it("answers what was stored and leaves the rest unknown", () => {
    const a = answeredChecklist(SCREENING_CONTRAINDICATION_DEFAULTS, [{ key: "psychosis_history", answer: "NO", note: null }]);
    expect(a.find((x) => x.key === "psychosis_history")?.answer).toBe("NO");
    expect(a.filter((x) => x.answer === "UNKNOWN")).toHaveLength(SCREENING_CONTRAINDICATION_DEFAULTS.length - 1);
  });
  it("blocks on an absolute yes, an unknown, and a relative yes without a note", () => {
    expect(checklistBlocks(allNo())).toEqual([]);
    const set = (key: string, answer: "YES" | "UNKNOWN", note: string | null = null) =>
      allNo().map((i) => (i.key === key ? { ...i, answer, note } : i));
    expect(checklistBlocks(set("pregnancy_breastfeeding", "YES"))).toEqual(["Contraindication: Pregnancy or breastfeeding"]);
    expect(checklistBlocks(set("active_substance_use", "UNKNOWN"))).toEqual(["Active substance use disorder: not answered yet"]);
    expect(checklistBlocks(set("interacting_medications", "YES"))).toHaveLength(1);
    expect(checklistBlocks(set("interacting_medications", "YES", "Lamotrigine 100 mg: reviewed, dose held"))).toEqual([]);
  });
});

describe("screening outcome", () => {
  const ctx = { rule: eligible, checklist: allNo(), reason: null };
  it("eligible needs the rule met and a clear checklist, and keeps the rule's reason", () => {
    expect(checkOutcome("SCREENING", "ELIGIBLE", ctx)).toEqual({ ok: true, reason: "EX 4.8 ≥ 4.8" });
    expect(checkOutcome("SCREENING", "ELIGIBLE", { ...ctx, rule: ineligible })).toEqual({
      ok: false,
      reason: "Not eligible by the program's rule: EX 4.6 < 4.8",
    });
    expect(checkOutcome("SCREENING", "ELIGIBLE", { ...ctx, rule: undetermined }).ok).toBe(false);
    expect(checkOutcome("SCREENING", "ELIGIBLE", { ...ctx, rule: null })).toEqual({ ok: true, reason: null });
  });
  it("ineligible takes the rule's reason when none is typed, and needs one otherwise", () => {
    expect(checkOutcome("SCREENING", "INELIGIBLE", { ...ctx, rule: ineligible })).toEqual({ ok: true, reason: "EX 4.6 < 4.8" });
    expect(checkOutcome("SCREENING", "INELIGIBLE", ctx)).toEqual({ ok: false, reason: "Say why this person is not eligible." });
  });
  it("withdrew and lost to contact need a reason, and stay possible after clearance", () => {
    expect(checkOutcome("REFERRED", "WITHDREW", ctx).ok).toBe(false);
    expect(checkOutcome("CLEARED", "LOST_TO_CONTACT", { ...ctx, reason: "No answer to three calls" })).toEqual({
      ok: true,
      reason: "No answer to three calls",
    });
    expect(checkOutcome("CLEARED", "INELIGIBLE", { ...ctx, reason: "x" }).ok).toBe(false);
    expect(checkOutcome("ENROLLED", "WITHDREW", { ...ctx, reason: "x" }).ok).toBe(false);
  });
});

describe("clearance and enrollment gates", () => {
  it("clearance follows an eligible screening", () => {
    expect(checkClearance("ELIGIBLE")).toEqual({ ok: true });
    expect(checkClearance("NOT_CLEARED")).toEqual({ ok: true });
    expect(checkClearance("SCREENING").ok).toBe(false);
    expect(checkClearance("ENROLLED").ok).toBe(false);
  });
  const base = { statusReason: null, rule: eligible, clearanceReason: null };
  it("enrolls only the eligible and cleared, and says why not", () => {
    expect(checkEnroll({ ...base, status: "CLEARED", clearance: "CLEARED" })).toEqual({ ok: true });
    expect(checkEnroll({ ...base, status: "CLEARED", clearance: "CLEARED_WITH_CONDITIONS" })).toEqual({ ok: true });
    expect(checkEnroll({ ...base, status: "CLEARED", clearance: "CLEARED", rule: ineligible })).toEqual({
      ok: false,
      reason: "Not eligible: EX 4.6 < 4.8",
    });
    expect(checkEnroll({ ...base, status: "INELIGIBLE", clearance: null, rule: null, statusReason: "Lives out of state" })).toEqual({
      ok: false,
      reason: "Not eligible: Lives out of state",
    });
    expect(checkEnroll({ ...base, status: "NOT_CLEARED", clearance: "NOT_CLEARED", clearanceReason: "BP 170/105" })).toEqual({
      ok: false,
      reason: "Not medically cleared: BP 170/105",
    });
    expect(checkEnroll({ ...base, status: "ELIGIBLE", clearance: null })).toEqual({
      ok: false,
      reason: "Needs medical clearance by a clinician first.",
    });
    expect(checkEnroll({ ...base, status: "SCREENING", clearance: null }).ok).toBe(false);
    expect(checkEnroll({ ...base, status: "WITHDREW", clearance: null }).ok).toBe(false);
    expect(checkEnroll({ ...base, status: "ENROLLED", clearance: "CLEARED" })).toEqual({ ok: false, reason: "Already enrolled." });
  });
});
