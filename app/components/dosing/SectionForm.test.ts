// A dosing card's forms render plain on the server (SectionForm without Conform until a reply
// names it); the browser hydrates them on Conform. Hydration needs the same markup both ways.
import type * as conform from "@conform-to/react";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type * as SectionFormModule from "./SectionForm";

// Counts Conform's forms, so the test knows which way each render went. Unit test files share
// one module graph (vitest.config.ts), so SectionForm is imported afresh below, after the mock:
// a copy another file imported first would use the real Conform.
const conformForms = vi.hoisted(() => ({ count: 0 }));
vi.mock("@conform-to/react", async (original) => {
  const actual = await original<typeof conform>();
  return {
    ...actual,
    useForm: ((...args: Parameters<typeof actual.useForm>) => {
      conformForms.count++;
      return actual.useForm(...args);
    }) as typeof actual.useForm,
  };
});

let M: typeof SectionFormModule;
beforeAll(async () => {
  vi.resetModules();
  M = await import("./SectionForm");
});

function Radio({ name, value }: { name: string; value: string }) {
  const meta = M.useSectionMeta(name);
  return h("input", { type: "radio", id: `${meta.id}-${value}`, name: meta.name, value, defaultChecked: meta.initialValue === value });
}

function Tick({ name }: { name: string }) {
  const meta = M.useSectionMeta(name);
  return h("input", { type: "checkbox", id: meta.id, name: meta.name, defaultChecked: meta.initialValue === "on" });
}

const schema = z.object({
  systolic: z.string(),
  weight: z.string(),
  answer: z.object({ consent: z.string() }),
  escorted: z.string().optional(),
});

function Card() {
  return h(M.SectionForm, {
    id: "vitals:e1",
    schema,
    intent: "vitals",
    enrollmentId: "e1",
    version: 3,
    submitLabel: "Save vitals",
    // Text, a number, a nested answer and a tick, as the dosing card's forms have them.
    defaultValue: { systolic: "120", weight: 72.5, answer: { consent: "NO", other: "YES" }, escorted: true },
    children: [
      h(M.SectionField, { key: "s", name: "systolic", label: "Systolic BP" }),
      h(M.SectionField, { key: "w", name: "weight", label: "Weight (kg)" }),
      h(M.SectionField, { key: "d", name: "diastolic", label: "Diastolic BP", defaultValue: "80" }),
      h(Radio, { key: "y", name: "answer.consent", value: "YES" }),
      h(Radio, { key: "n", name: "answer.consent", value: "NO" }),
      h(Tick, { key: "t", name: "escorted" }),
      h(M.SectionError, { key: "e", name: "systolic" }),
    ],
  });
}

async function render() {
  const handler = createStaticHandler([{ path: "/", Component: Card }]);
  const context = await handler.query(new Request("http://test/"));
  if (context instanceof Response) throw new Error("no match");
  return renderToString(h(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }));
}

describe("SectionForm", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("renders on the server, without Conform, the markup Conform renders in the browser", async () => {
    conformForms.count = 0;
    const plain = await render();
    expect(conformForms.count).toBe(0);
    // As in the browser (a document exists): on Conform. React warns that layout effects do not run here.
    vi.stubGlobal("document", {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const conform = await render();
    expect(conformForms.count).toBe(1);
    expect(plain).toBe(conform);
    expect(plain).toContain('id="vitals:e1-systolic" name="systolic" value="120"');
    expect(plain).toContain('id="vitals:e1-weight" name="weight" value="72.5"');
    expect(plain).toContain('name="diastolic" value="80"');
    expect(plain).toContain('id="vitals:e1-answer.consent-NO" name="answer.consent" checked="" value="NO"');
    expect(plain).toContain('id="vitals:e1-answer.consent-YES" name="answer.consent" value="YES"/>');
    expect(plain).toContain('id="vitals:e1-escorted" name="escorted" checked=""');
    expect(plain).toContain('<input type="hidden" name="version" value="3"/>');
  });
});
