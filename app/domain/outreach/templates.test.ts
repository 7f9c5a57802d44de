import { describe, expect, it } from "vitest";
import {
  DEFAULT_TEMPLATES,
  PLACEHOLDERS,
  TEMPLATE_KINDS,
  defaultTemplate,
  renderTemplate,
  renderText,
  unknownPlaceholders,
} from "./templates";

describe("message templates", () => {
  it("fills placeholders and drops unknown or missing ones", () => {
    expect(renderText("Hi {{firstName}}, {{ date }} {{nope}}.", { firstName: "Ana", date: "1 Dec" })).toBe("Hi Ana, 1 Dec .");
    expect(renderText("a\n\n{{preparation}}\n\nb", {})).toBe("a\n\nb");
  });

  it("names the placeholders that do not exist", () => {
    expect(unknownPlaceholders("{{firstName}} {{lastName}} {{score}} {{lastName}}")).toEqual(["lastName", "score"]);
  });

  it("every built-in text uses only known placeholders, and never the last name", () => {
    for (const lang of Object.values(DEFAULT_TEMPLATES)) {
      for (const kind of TEMPLATE_KINDS) {
        const t = lang[kind];
        expect(unknownPlaceholders(t.subject + t.body + t.smsBody)).toEqual([]);
        expect(t.body).toContain("{{link}}");
        expect(t.smsBody.length).toBeLessThan(160 - 60); // room for the link within one SMS segment pair
      }
    }
    expect(Object.keys(PLACEHOLDERS)).not.toContain("lastName");
  });

  it("falls back to English for a language without built-in wording", () => {
    expect(defaultTemplate("INVITATION", "fr")).toBe(DEFAULT_TEMPLATES.en.INVITATION);
    expect(
      renderTemplate(defaultTemplate("SESSION_CHANGED", "es"), { firstName: "Ana", date: "8 dic", time: "10:00", link: "L" }).subject,
    ).toBe("Su sesión ha cambiado al 8 dic");
  });
});
