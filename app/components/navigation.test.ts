import { describe, expect, it } from "vitest";
import { NAV_ITEMS, navFor } from "./navigation";

const labels = (roles: string[]) => navFor(roles).map((n) => n.label);

describe("navigation by role", () => {
  it("shows admins the administration pages and no clinical work lists", () => {
    expect(labels(["ADMIN"])).toEqual(expect.arrayContaining(["Users", "Sites & rooms", "Instrument wording", "Audit log"]));
    expect(labels(["ADMIN"])).not.toContain("Participants");
    expect(labels(["ADMIN"])).not.toContain("Safety inbox");
    expect(labels(["ADMIN"])).not.toContain("Controlled substances");
  });
  it("never shows analysts participant lists, the safety inbox or admin pages", () => {
    const a = labels(["ANALYST"]);
    expect(a).toContain("Reports");
    for (const hidden of ["Participants", "Safety inbox", "Users", "Audit log", "Adverse events"]) expect(a).not.toContain(hidden);
  });
  it("shows the safety inbox to clinicians only", () => {
    for (const role of ["ADMIN", "COORDINATOR", "FACILITATOR", "ANALYST"]) expect(labels([role])).not.toContain("Safety inbox");
    expect(labels(["CLINICIAN"])).toContain("Safety inbox");
  });
  it("shows Referrals to coordinators and clinicians only", () => {
    for (const role of ["COORDINATOR", "CLINICIAN"]) expect(labels([role])).toContain("Referrals");
    for (const role of ["ADMIN", "FACILITATOR", "ANALYST"]) expect(labels([role])).not.toContain("Referrals");
  });
  it("unions the entries of a multi-role user without duplicates", () => {
    const lead = labels(["COORDINATOR", "ANALYST"]);
    expect(new Set(lead).size).toBe(lead.length);
    expect(lead).toEqual(labels(["COORDINATOR"]));
  });
  it("has unique paths", () => {
    expect(new Set(NAV_ITEMS.map((n) => n.to)).size).toBe(NAV_ITEMS.length);
  });
});
