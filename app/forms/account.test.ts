import { describe, expect, it } from "vitest";
import { PHONE_FORMAT_MESSAGE, notificationFields } from "./account";

const parse = (form: Record<string, string>) => {
  const r = notificationFields.safeParse({ version: "3", ...form });
  return r.success
    ? { ok: true as const, value: r.data }
    : { ok: false as const, errors: r.error.issues.map((i) => [i.path.join("."), i.message]) };
};

describe("notification settings form", () => {
  it("reads unticked boxes as off and keeps a typed number as E.164 digits", () => {
    expect(parse({ notifyBySms: "on", phone: " +44 (20) 7946-0958 " })).toEqual({
      ok: true,
      value: { version: 3, notifyByEmail: false, notifyBySms: true, phone: "+442079460958" },
    });
    expect(parse({ notifyByEmail: "on", phone: "" })).toEqual({
      ok: true,
      value: { version: 3, notifyByEmail: true, notifyBySms: false, phone: null },
    });
  });

  it.each([
    ["no country code", "555-123-4567"],
    ["a leading zero after +", "+0123456789"],
    ["letters", "+1555CALLNOW"],
    ["too long", "+1234567890123456"],
    ["too short", "+1234567"],
  ])("refuses a mobile number with %s", (_, phone) => {
    expect(parse({ phone })).toEqual({ ok: false, errors: [["phone", PHONE_FORMAT_MESSAGE]] });
  });

  it("SMS on needs a number", () => {
    expect(parse({ notifyBySms: "on" })).toEqual({
      ok: false,
      errors: [["phone", "Enter your mobile number to get SMS notifications, or turn SMS off."]],
    });
  });

  it("needs the version the page showed", () => {
    expect(parse({ version: "" }).ok).toBe(false);
  });
});
