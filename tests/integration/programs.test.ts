// Program forms on the seam: copy, and the model's refusals reaching the form.
import { beforeAll, describe, expect, it } from "vitest";
import { BURNOUT_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { createProgramFromTemplate } from "~/models/program.server";
import * as login from "~/routes/login";
import * as programPage from "~/routes/programs.$programId";
import * as programCopy from "~/routes/programs.$programId_.copy";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { editorForm } from "../setup/factories-scheduling";
import { call, cookieFrom, formReply } from "../setup/http";

const META = { ip: "10.0.0.9", userAgent: "vitest" };
const SOURCE: ProgramTemplate = { ...BURNOUT_TEMPLATE, name: "Copy source program" };
let cookie: string;
let programId: string;

beforeAll(async () => {
  const coordinator = await createTestUser({ roles: ["COORDINATOR"] });
  const res = await call(login.action, "/login", "POST", { form: { email: coordinator.email, password: TEST_PASSWORD } });
  cookie = cookieFrom(res.headers);
  programId = (await createProgramFromTemplate(coordinator, META, SOURCE)).id;
  await createProgramFromTemplate(coordinator, META, { ...SOURCE, name: "Taken program name" });
});

describe("copying a program", () => {
  it("creates version 1 of a new program with the same definition under the new name", async () => {
    const res = await call(programCopy.action, `/programs/${programId}/copy`, "POST", {
      cookie,
      params: { programId },
      form: { name: "  Burnout, evenings  " },
    });
    expect(res.status).toBe(302);
    const db = await dbReady();
    const copy = await db.program.findUniqueOrThrow({ where: { name: "Burnout, evenings" }, include: { versions: true } });
    expect(res.headers.get("location")).toBe(`/programs/${copy.id}`);
    expect(copy.version).toBe(1);
    expect(JSON.parse(copy.versions[0].definition)).toEqual({ ...SOURCE, name: "Burnout, evenings" });
    expect(await db.auditEvent.count({ where: { action: "program.create", entityId: copy.id } })).toBe(1);
  });

  it("refuses an empty or taken name next to the field, creating nothing", async () => {
    const db = await dbReady();
    const before = await db.program.count();
    const empty = await call(programCopy.action, `/programs/${programId}/copy`, "POST", {
      cookie,
      params: { programId },
      form: { name: " " },
    });
    expect(empty.status).toBe(400);
    expect(formReply(empty.data).errors).toEqual({ name: "Program name is required" });
    const taken = await call(programCopy.action, `/programs/${programId}/copy`, "POST", {
      cookie,
      params: { programId },
      form: { name: "Taken program name" },
    });
    expect(taken.status).toBe(400);
    expect(formReply(taken.data).errors).toEqual({ name: "A program with this name already exists" });
    expect(await db.program.count()).toBe(before);
  });

  it("answers 404 for a program that does not exist", async () => {
    const res = await call(programCopy.action, "/programs/nope/copy", "POST", {
      cookie,
      params: { programId: "nope" },
      form: { name: "Whatever" },
    });
    expect(res.status).toBe(404);
  });
});

describe("saving a program", () => {
  it("refuses another program's name next to the field, keeping the version", async () => {
    const res = await call(programPage.action, `/programs/${programId}`, "POST", {
      cookie,
      params: { programId },
      form: { ...editorForm({ ...SOURCE, name: "Taken program name" }), version: "1" },
    });
    expect(res.status).toBe(400);
    expect(formReply(res.data).errors).toEqual({ name: "A program with this name already exists" });
    const db = await dbReady();
    expect((await db.program.findUniqueOrThrow({ where: { id: programId } })).version).toBe(1);
  });

  it("answers a stale version with 409 and the message above the form", async () => {
    const form = { ...editorForm({ ...SOURCE, description: "Evenings" }), version: "1" };
    expect((await call(programPage.action, `/programs/${programId}`, "POST", { cookie, params: { programId }, form })).status).toBe(200);
    const stale = await call(programPage.action, `/programs/${programId}`, "POST", { cookie, params: { programId }, form });
    expect(stale.status).toBe(409);
    expect(formReply(stale.data).errors.form).toMatch(/Someone else saved this program \(now version 2\)/);
  });
});
