import { describe, expect, it } from "vitest";
import { ENTRY_CHOICES, entryChoice } from "./EntryForms";

describe("a lot's open entry form", () => {
  it("is the kind the URL's ?record= word names, each kind with its own word", () => {
    expect(entryChoice("waste")).toBe("WASTE");
    expect(entryChoice("destruction")).toBe("DESTROY");
    expect(new Set(ENTRY_CHOICES.map((c) => c.slug)).size).toBe(ENTRY_CHOICES.length);
    for (const c of ENTRY_CHOICES) expect(entryChoice(c.slug)).toBe(c.type);
    expect(entryChoice(null)).toBeNull();
    expect(entryChoice("WASTE")).toBeNull();
    expect(entryChoice("drop table")).toBeNull();
  });

  it("is the refused form's kind when the URL names none, so the message is shown beside its field", () => {
    const refused = {
      formId: "ledger-entry-LOSS_THEFT",
      result: { status: "error" as const, error: { amountMg: ["Amount is required"] } },
    };
    expect(entryChoice(null, refused)).toBe("LOSS_THEFT");
    // The URL's word wins; a success opens nothing; another page's form is not one of these.
    expect(entryChoice("count", refused)).toBe("INVENTORY_COUNT");
    expect(entryChoice(null, { ...refused, ok: true })).toBeNull();
    expect(entryChoice(null, { ...refused, formId: "lot-new" })).toBeNull();
  });
});
