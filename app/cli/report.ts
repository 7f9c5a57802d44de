// `npm run cli -- report (--cohort NAME | --program NAME) [--pre KEY] [--post KEY] [--json]`
//   [--population enrolled|dosed|completers] [--occupation X] [--sex X] [--age-band X]
//   [--route X] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--table flow|prepost|…]
// Prints the pre/post report: the documented JSON (--json), one CSV table (--table), or
// a short text summary. The output is audit-logged like every other export.
import { parseArgs } from "node:util";

const USAGE =
  'usage: npm run cli -- report (--cohort "NAME" | --program "NAME") [--pre KEY] [--post KEY] [--json | --table NAME] ' +
  "[--population enrolled|dosed|completers] [--occupation X] [--sex X] [--age-band X] [--route X] [--from DATE] [--to DATE]";

export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cohort: { type: "string" },
      program: { type: "string" },
      pre: { type: "string" },
      post: { type: "string" },
      json: { type: "boolean" },
      table: { type: "string" },
      population: { type: "string" },
      occupation: { type: "string" },
      sex: { type: "string" },
      "age-band": { type: "string" },
      route: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
    },
    allowPositionals: false,
  });
  if (Boolean(values.cohort) === Boolean(values.program)) {
    console.error(USAGE);
    return 2;
  }
  const { dbReady } = await import("../utils/db.server");
  const { loadScope, loadReportData, computeReport, auditReportExport, parseScopeParams } = await import("../models/reportData.server");
  const { reportJson, reportTableCsv, REPORT_TABLES } = await import("../domain/reports");
  const { fmt, fmtP } = await import("../domain/reports/format");
  const db = await dbReady();
  const viewer = { id: "", email: "cli", roles: ["ANALYST"] };
  let scope;
  if (values.cohort) {
    const c = await db.cohort.findUnique({ where: { name: values.cohort }, select: { id: true } });
    if (!c) {
      console.error(`No cohort named “${values.cohort}”.`);
      return 1;
    }
    scope = await loadScope(viewer, { kind: "cohort", cohortId: c.id });
  } else {
    const p = await db.program.findUnique({ where: { name: values.program! }, select: { id: true } });
    if (!p) {
      console.error(`No program named “${values.program}”.`);
      return 1;
    }
    scope = await loadScope(viewer, { kind: "program", programId: p.id });
  }
  if (scope.timepoints.length === 0) {
    console.error(`${scope.name} has no measurement timepoints.`);
    return 1;
  }
  const keys = scope.timepoints.map((t) => t.key);
  for (const k of [values.pre, values.post]) {
    if (k !== undefined && !keys.includes(k)) {
      console.error(`Unknown timepoint “${k}”. Timepoints of ${scope.programName}: ${keys.join(", ")}.`);
      return 1;
    }
  }
  const params = new URLSearchParams();
  const put = (k: string, v: string | undefined) => v !== undefined && params.set(k, v);
  put("pre", values.pre);
  put("post", values.post);
  put("population", values.population);
  put("occupation", values.occupation);
  put("sex", values.sex);
  put("ageBand", values["age-band"]);
  put("route", values.route);
  put("from", values.from);
  put("to", values.to);
  const parsed = parseScopeParams(params, scope);
  for (const p of parsed.problems) console.error(p);
  const report = await computeReport(scope, await loadReportData(scope.cohorts), parsed.filters, parsed.options);
  const meta = { ip: null, userAgent: "cli" };
  const details = {
    file: "cli",
    filters: parsed.filters,
    pre: parsed.options.pre,
    post: parsed.options.post,
    population: parsed.options.population,
  };
  if (values.table !== undefined) {
    if (!(REPORT_TABLES as readonly string[]).includes(values.table)) {
      console.error(`Unknown table “${values.table}”. Choose one of: ${REPORT_TABLES.join(", ")}.`);
      return 2;
    }
    await auditReportExport(viewer, meta, scope, `the ${values.table} table (CLI)`, { ...details, table: values.table });
    process.stdout.write(reportTableCsv(report, values.table as (typeof REPORT_TABLES)[number]));
    return 0;
  }
  await auditReportExport(viewer, meta, scope, values.json ? "the report as JSON (CLI)" : "the report summary (CLI)", details);
  if (values.json) {
    console.log(JSON.stringify(reportJson(report), null, 2));
    return 0;
  }
  console.log(
    `${scope.kind === "cohort" ? "Cohort" : "Program"} ${scope.name}: ${report.pre.label} → ${report.post.label} (${report.population})`,
  );
  const f = report.flow;
  console.log(
    `Flow: referred ${f.referred}, screened ${f.screened}, eligible ${f.eligible}, enrolled ${f.enrolled}, dosed ${f.dosed}, completed ${f.completed}`,
  );
  for (const w of report.warnings) console.log(`Warning: ${w}`);
  for (const m of report.measures) {
    console.log(
      `${m.instrumentName} ${m.label}: n ${m.n}, mean ${fmt(m.pre.mean)} → ${fmt(m.post.mean)}, change ${fmt(m.change.mean)}, ` +
        `Wilcoxon p ${fmtP(m.wilcoxon.p)} (${m.wilcoxon.method}), t p ${fmtP(m.t_test?.p)}, d_z ${fmt(m.effect.dz)}` +
        (m.responders ? `, responders ${m.responders.count}/${m.responders.n}` : ""),
    );
  }
  return 0;
}
