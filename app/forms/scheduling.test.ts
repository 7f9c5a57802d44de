// The scheduling forms as Conform reads a browser's submission (strings, repeated names,
// dotted names nested), the way both the browser and formAction run them.
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { addSessionFormSchema, cohortFormSchema, sessionEditFormSchema } from "./scheduling";

function form(entries: [string, string][]) {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}
function parse(schema: z.ZodType, entries: [string, string][]) {
  const s = parseWithZod(form(entries), { schema, disableAutoCoercion: true });
  return s.status === "success"
    ? { status: s.status, value: s.value as Record<string, unknown>, error: undefined }
    : { status: s.status, value: undefined, error: s.error };
}

describe("scheduling forms through Conform", () => {
  const cohort: [string, string][] = [
    ["_form", "new-cohort"],
    ["name", "Spring"],
    ["programId", "p1"],
    ["startDate", "2027-05-03"],
    ["timeZone", "America/Denver"],
    ["capacity", "6"],
    ["siteId", "s1"],
    ["roomId", ""],
    ["leadFacilitatorId", "u1"],
  ];
  it("new cohort: one checked box is a list of one, several are a list, none is empty", () => {
    const one = parse(cohortFormSchema, [...cohort, ["clinicianIds", "c1"]]);
    expect(one.status).toBe("success");
    expect(one.status === "success" && one.value).toMatchObject({
      capacity: 6,
      roomId: null,
      clinicianIds: ["c1"],
      coFacilitatorIds: [],
      acknowledged: [],
    });
    const two = parse(cohortFormSchema, [...cohort, ["acknowledged", "k1"], ["acknowledged", "k2"]]);
    expect(two.value?.acknowledged).toEqual(["k1", "k2"]);
  });
  it("new cohort: empty boxes get field messages", () => {
    const r = parse(cohortFormSchema, [
      ["name", ""],
      ["capacity", ""],
      ["startDate", ""],
      ["timeZone", "America/Denver"],
    ]);
    expect(r.error).toMatchObject({
      name: ["Cohort name is required"],
      capacity: ["Capacity must be a number"],
      programId: ["Choose a program"],
    });
  });
  it("add session: requiredStaff.ROLE arrives nested; zero means none; the end sets the duration", () => {
    const r = parse(addSessionFormSchema, [
      ["intent", "add"],
      ["kind", "DOSING"],
      ["title", "Extra"],
      ["localDate", "2027-05-05"],
      ["localStartTime", "09:00"],
      ["localEndTime", "12:00"],
      ["requiredStaff.CLINICIAN", "1"],
      ["requiredStaff.FACILITATOR", "0"],
    ]);
    expect(r.status === "success" && r.value).toMatchObject({
      durationMinutes: 180,
      requiredStaff: { CLINICIAN: 1 },
      route: null,
      acknowledged: [],
    });
    const bad = parse(addSessionFormSchema, [
      ["intent", "add"],
      ["kind", "DOSING"],
      ["title", ""],
      ["localDate", "2027-05-05"],
      ["localStartTime", "09:00"],
      ["localEndTime", "09:00"],
      ["requiredStaff.CLINICIAN", "x"],
    ]);
    expect(bad.error).toMatchObject({
      title: ["Session title is required"],
      localEndTime: ["The end time must be after the start time"],
      "requiredStaff.CLINICIAN": ["Staff minimum must be a number"],
    });
  });
  it("move: an empty end keeps the duration; the room can be cleared; a bad version is ignored", () => {
    const r = parse(sessionEditFormSchema, [
      ["intent", "move"],
      ["sessionId", "s1"],
      ["version", "1e21"],
      ["localDate", "2027-05-04"],
      ["localStartTime", "18:00"],
      ["localEndTime", ""],
      ["roomId", ""],
    ]);
    expect(r.status === "success" && r.value).toEqual({
      intent: "move",
      sessionId: "s1",
      version: undefined,
      localDate: "2027-05-04",
      localStartTime: "18:00",
      roomId: null,
      durationMinutes: undefined,
      acknowledged: [],
    });
  });
  it("shift: days and minutes add up; empty is zero; too far is refused on the days box", () => {
    const r = parse(sessionEditFormSchema, [
      ["intent", "shift"],
      ["sessionId", "s1"],
      ["shiftDays", ""],
      ["shiftMinutes", "-30"],
    ]);
    expect(r.status === "success" && r.value).toMatchObject({ deltaMinutes: -30 });
    expect(
      parse(sessionEditFormSchema, [
        ["intent", "shift"],
        ["sessionId", "s1"],
        ["shiftDays", "61"],
        ["shiftMinutes", "0"],
      ]).error,
    ).toEqual({
      shiftDays: ["Sessions can be shifted by at most 60 days at a time"],
    });
    expect(
      parse(sessionEditFormSchema, [
        ["intent", "shift"],
        ["sessionId", "s1"],
        ["shiftDays", "1.5"],
      ]).error,
    ).toEqual({ shiftDays: ["Days must be a whole number"] });
  });
});
