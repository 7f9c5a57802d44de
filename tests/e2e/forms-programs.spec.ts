// Program forms on the seam: the editor runs programEditorSchema in the browser (a field
// message on blur, nothing sent while a field is wrong), and with JavaScript off the server
// answers with the same messages next to their fields, keeping everything typed.
import { signIn } from "./helpers";
import { expect, test } from "./test";

const COORDINATOR = "coordinator@demo.groupkap.org";

test.describe("program editor", () => {
  test("browser-side: messages before sending; then create, save as a new version and copy", async ({ page }) => {
    await signIn(page, COORDINATOR, { to: "/programs/new" });
    const posts: string[] = [];
    page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));

    await page.getByLabel("Description").fill("Evening groups");
    await page.getByLabel("Program name").focus();
    await page.getByLabel("Program name").blur();
    await expect(page.getByText("Program name is required")).toBeVisible();
    await page.getByLabel("Session 1 title").fill("");
    await page.getByLabel("Session 1 title").blur();
    await expect(page.getByText("Session title is required")).toBeVisible();
    await page.getByRole("button", { name: "Create program" }).click();
    await expect(page.getByLabel("Program name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Some fields need attention; see the messages below.")).toBeVisible();
    expect(posts).toEqual([]);

    await page.getByLabel("Program name").fill("Seam evening program");
    await page.getByLabel("Session 1 title").fill("Preparation group");
    await expect(page.getByText("Program name is required")).toHaveCount(0);
    await expect(page.getByText("Session title is required")).toHaveCount(0);
    await page.getByRole("button", { name: "Add session" }).click();
    await expect(page.getByLabel("Session 2 day offset")).toHaveValue("7");
    await page.getByLabel("Session 2 title").fill("Integration circle");
    await page.getByRole("button", { name: "Create program" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Seam evening program" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Program Seam evening program created (version 1)." })).toBeVisible();

    await page.getByLabel("Session 2 title").fill("Integration circle, week 2");
    // A new pre-dose checklist item needs only its wording: the key is made from it on saving.
    const checklist = page.getByLabel("Pre-dose checklist");
    await expect(checklist).toHaveAccessibleDescription(/One item per line, as staff will read it/);
    await checklist.fill(`${await checklist.inputValue()}\nWater within reach`);
    await page.getByRole("button", { name: "Save as new version" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved as version 2." })).toBeVisible();
    await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Session 2 title")).toHaveValue("Integration circle, week 2");
    expect((await checklist.inputValue()).split("\n").at(-1)).toBe("water_within_reach | Water within reach");

    await page.getByRole("link", { name: "Copy program" }).click();
    await expect(page.getByLabel("Name of the new program")).toHaveValue("Seam evening program (copy)");
    await page.getByLabel("Name of the new program").fill("Seam evening program");
    await page.getByRole("button", { name: "Create copy" }).click();
    await expect(page.getByText("A program with this name already exists")).toBeVisible();
    await page.getByLabel("Name of the new program").fill("Seam evening program, Tuesdays");
    await page.getByRole("button", { name: "Create copy" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Seam evening program, Tuesdays" })).toBeVisible();
    await expect(page.getByLabel("Session 2 title")).toHaveValue("Integration circle, week 2");
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("server-side: messages come back next to their fields, with what was typed kept", async ({ page }) => {
      await signIn(page, COORDINATOR, { to: "/programs/new" });
      await page.getByLabel("Program name").fill("No-script program");
      await page.getByLabel("Default capacity (seats)").fill("0");
      await page.getByLabel("Session 1 title").fill("Opening circle");
      await page.getByLabel("Session 1 start time").fill("19:30");
      await page.getByText("Import or export the rule as JSON").click();
      await page.getByLabel("the JSON below").check();
      await page.getByLabel("Eligibility rule as JSON").fill("{oops");
      await page.getByRole("button", { name: "Create program" }).click();

      await expect(page.getByText("Some fields need attention; see the messages below.")).toBeVisible();
      await expect(page.getByText("Capacity must be between 1 and 60 seats")).toBeVisible();
      await expect(page.getByText(/^The eligibility rule is not valid JSON: /)).toBeVisible();
      await expect(page.getByLabel("Default capacity (seats)")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Program name")).toHaveValue("No-script program");
      await expect(page.getByLabel("Default capacity (seats)")).toHaveValue("0");
      await expect(page.getByLabel("Session 1 title")).toHaveValue("Opening circle");
      await expect(page.getByLabel("Session 1 start time")).toHaveValue("19:30");
      await expect(page.getByLabel("Eligibility rule as JSON")).toHaveValue("{oops");
    });
  });
});
