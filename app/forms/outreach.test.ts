import { describe, expect, it } from "vitest";
import { contactIntents, normalizePhone, unsubscribeChannel } from "./outreach";

describe("normalizePhone", () => {
  it("keeps E.164 and drops what people type around the digits", () => {
    expect(normalizePhone("+1 (555) 010-0123")).toBe("+15550100123");
    expect(normalizePhone("0049 30 1234 5678")).toBe("+493012345678");
    expect(normalizePhone("+44.20.7946.0958")).toBe("+442079460958");
  });
  it("refuses numbers without a country code, too short or too long, or with letters", () => {
    for (const bad of ["555 010 0123", "+1234567", "+1234567890123456", "+0 555 0100", "+1 555 CALL NOW"])
      expect(normalizePhone(bad)).toBeNull();
  });
});

describe("contactIntents", () => {
  const base = { intent: "contact", version: "3", email: "", phone: "", preferredChannel: "NONE", language: "en", timeZone: "" };
  it("needs the channel's address and a known zone", () => {
    const sms = contactIntents.safeParse({ ...base, preferredChannel: "SMS" });
    expect(sms.success ? [] : sms.error.issues.map((i) => i.path.join("."))).toEqual(["preferredChannel"]);
    const zone = contactIntents.safeParse({ ...base, timeZone: "Europe/Atlantis" });
    expect(zone.success ? [] : zone.error.issues.map((i) => i.path.join("."))).toEqual(["timeZone"]);
    const ok = contactIntents.parse({ ...base, preferredChannel: "SMS", phone: "+1 555 010 0123", timeZone: "Europe/Berlin" });
    expect(ok).toMatchObject({ version: 3, phone: "+15550100123", email: null, timeZone: "Europe/Berlin" });
  });
});

describe("unsubscribeChannel", () => {
  it("reads the List-Unsubscribe URL's channel, email by default", () => {
    expect(unsubscribeChannel("email")).toBe("EMAIL");
    expect(unsubscribeChannel("sms")).toBe("SMS");
    expect(unsubscribeChannel(null)).toBe("EMAIL");
    expect(unsubscribeChannel("fax")).toBeNull();
  });
});
