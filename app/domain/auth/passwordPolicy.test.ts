import { describe, expect, it } from "vitest";
import { checkNewPassword, generateTemporaryPassword } from "./passwordPolicy";

describe("checkNewPassword", () => {
  it("refuses passwords shorter than 12 characters", () => {
    expect(checkNewPassword("short-pass1")).toEqual({ ok: false, message: expect.stringContaining("at least 12") });
    expect(checkNewPassword("twelve-chars").ok).toBe(true);
  });
  it("refuses overlong passwords", () => {
    expect(checkNewPassword("x".repeat(60) + "y".repeat(69)).ok).toBe(false);
  });
  it("refuses common passwords whatever their case", () => {
    expect(checkNewPassword("Password1234")).toEqual({ ok: false, message: expect.stringContaining("common") });
    expect(checkNewPassword("QWERTY123456").ok).toBe(false);
    expect(checkNewPassword("zzzzzzzzzzzzzz").ok).toBe(false);
  });
  it("refuses a password containing the email name", () => {
    expect(checkNewPassword("my-jordan-secret", { email: "jordan@clinic.org" }).ok).toBe(false);
    expect(checkNewPassword("my-private-secret", { email: "jordan@clinic.org" }).ok).toBe(true);
  });
  it("generates temporary passwords that pass the policy", () => {
    let seed = 7;
    const rng = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 48271) % 2147483647) & 255);
    const p = generateTemporaryPassword(rng);
    expect(p).toMatch(/^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$/);
    expect(checkNewPassword(p).ok).toBe(true);
  });
});
