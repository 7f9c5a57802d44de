import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, ParticipantCreateSchema, ageOn, participantCodeSchema } from "./participant.schema";

describe("participant codes", () => {
  it("uses an alphabet without look-alike characters", () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  it.each(["GK-7KQ2M", "NOCO-012", "abc", "S1"])("accepts or refuses %s by format", (code) => {
    const ok = participantCodeSchema.safeParse(code).success;
    expect(ok).toBe(code !== "S1");
  });

  it.each(["GK 7KQ2M", "-GK", "GK--1", "1GK", "GK-", "A".repeat(21)])("refuses %s", (code) => {
    expect(participantCodeSchema.safeParse(code).success).toBe(false);
  });

  it("normalizes to capitals", () => {
    expect(participantCodeSchema.parse(" gk-7kq2m ")).toBe("GK-7KQ2M");
  });
});

describe("age", () => {
  it("counts whole years, birthday included", () => {
    expect(ageOn("2000-02-29", "2018-02-28")).toBe(17);
    expect(ageOn("2000-02-29", "2018-03-01")).toBe(18);
    expect(ageOn("1990-06-15", "2026-06-15")).toBe(36);
    expect(ageOn("1990-06-15", "2026-06-14")).toBe(35);
  });
});

describe("participant form", () => {
  const base = { code: "GK-ABCDE", firstName: "A", lastName: "B", dateOfBirth: "1980-01-01", sex: "MALE", occupation: "POLICE" };

  it("turns blank optional fields into null", () => {
    const parsed = ParticipantCreateSchema.parse({ ...base, email: "", phone: " ", weightKg: "", cohortId: "" });
    expect(parsed).toMatchObject({ email: null, phone: null, weightKg: null, cohortId: null });
  });

  it.each([
    ["29.9", false],
    ["30", true],
    ["300", true],
    ["300.1", false],
    ["heavy", false],
  ])("weight %s kg is %s", (weightKg, ok) => {
    expect(ParticipantCreateSchema.safeParse({ ...base, weightKg }).success).toBe(ok);
  });
});
