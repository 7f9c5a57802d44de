import { describe, expect, it } from "vitest";
import { PERMISSION_MAP, PERMISSIONS, ROLES, can, permissionsOf, seesAllCohorts, seesParticipantNames } from "./permissions";

describe("permission map", () => {
  it("names only known permissions", () => {
    for (const role of ROLES) for (const p of PERMISSION_MAP[role]) expect(Object.keys(PERMISSIONS)).toContain(p);
  });

  it("gives every permission to at least one role", () => {
    const granted = new Set(ROLES.flatMap((r) => PERMISSION_MAP[r]));
    expect([...granted].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it("keeps user administration and the audit log with admins only", () => {
    for (const role of ROLES) {
      expect(can([role], "user:manage")).toBe(role === "ADMIN");
      expect(can([role], "audit:read")).toBe(role === "ADMIN");
    }
  });

  it("never lets an analyst see names, but lets them report and export", () => {
    expect(can(["ANALYST"], "participant:read")).toBe(false);
    expect(seesParticipantNames(["ANALYST"])).toBe(false);
    expect(can(["ANALYST"], "report:program")).toBe(true);
    expect(can(["ANALYST"], "export:deidentified")).toBe(true);
  });

  it("shows referrals to coordinators and clinicians, never to analysts; only clinicians clear, only coordinators enroll", () => {
    for (const role of ROLES) {
      expect(can([role], "referral:read")).toBe(role === "COORDINATOR" || role === "CLINICIAN");
      expect(can([role], "referral:screen")).toBe(role === "COORDINATOR" || role === "CLINICIAN");
      expect(can([role], "referral:clear")).toBe(role === "CLINICIAN");
      expect(can([role], "referral:manage")).toBe(role === "COORDINATOR");
    }
  });

  it("lets only coordinators publish consent documents; facilitators, clinicians and coordinators countersign", () => {
    expect(ROLES.filter((r) => can([r], "consent:manage"))).toEqual(["COORDINATOR"]);
    expect(ROLES.filter((r) => can([r], "consent:countersign")).sort()).toEqual(["CLINICIAN", "COORDINATOR", "FACILITATOR"]);
  });

  it("keeps program-wide reports from facilitators and clinicians", () => {
    expect(can(["FACILITATOR"], "report:program")).toBe(false);
    expect(can(["CLINICIAN"], "report:program")).toBe(false);
  });

  it("lets only clinicians write the controlled-substance log, and keeps it from administrators", () => {
    expect(ROLES.filter((r) => can([r], "ledger:write"))).toEqual(["CLINICIAN"]);
    expect(ROLES.filter((r) => can([r], "ledger:read")).sort()).toEqual(["CLINICIAN", "COORDINATOR"]);
    expect(can(["ADMIN"], "ledger:read")).toBe(false);
  });

  it("lets clinicians record DEA records (inventories, destructions, reports) and coordinators read them and the inspection packet", () => {
    expect(ROLES.filter((r) => can([r], "dea:record"))).toEqual(["CLINICIAN"]);
    expect(ROLES.filter((r) => can([r], "dea:read")).sort()).toEqual(["CLINICIAN", "COORDINATOR"]);
    for (const role of ["ADMIN", "FACILITATOR", "ANALYST"] as const) expect(can([role], "dea:read")).toBe(false);
  });

  it("lets only clinicians document dosing and work the safety inbox", () => {
    expect(ROLES.filter((r) => can([r], "dosing:document"))).toEqual(["CLINICIAN"]);
    expect(ROLES.filter((r) => can([r], "safety:inbox"))).toEqual(["CLINICIAN"]);
    expect(ROLES.filter((r) => can([r], "outreach:manage"))).toEqual(["COORDINATOR"]);
    expect(ROLES.filter((r) => can([r], "outreach:outbox"))).toEqual(["ADMIN"]);
  });

  it("lets only clinicians read and write dose orders (writing also needs a prescriber, checked by the server)", () => {
    expect(ROLES.filter((r) => can([r], "order:read"))).toEqual(["CLINICIAN"]);
    expect(ROLES.filter((r) => can([r], "order:write"))).toEqual(["CLINICIAN"]);
    expect(can(["FACILITATOR", "COORDINATOR", "ADMIN", "ANALYST"], "order:write")).toBe(false);
  });

  it("lets facilitators document sessions but not dosing", () => {
    expect(can(["FACILITATOR"], "session:document")).toBe(true);
    expect(can(["FACILITATOR"], "dosing:document")).toBe(false);
  });

  it("unions the permissions of a multi-role user", () => {
    const both = permissionsOf(["FACILITATOR", "CLINICIAN"]);
    expect(both.has("session:document")).toBe(true);
    expect(both.has("dosing:document")).toBe(true);
    expect(both.has("user:manage")).toBe(false);
  });

  it("ignores unknown role codes and an empty role list", () => {
    expect(can(["SUPERUSER"], "user:manage")).toBe(false);
    expect(can([], "cohort:read")).toBe(false);
  });

  it("scopes cohorts for facilitators and clinicians only", () => {
    expect(seesAllCohorts(["FACILITATOR"])).toBe(false);
    expect(seesAllCohorts(["CLINICIAN"])).toBe(false);
    expect(seesAllCohorts(["COORDINATOR"])).toBe(true);
    expect(seesAllCohorts(["FACILITATOR", "COORDINATOR"])).toBe(true);
  });
});
