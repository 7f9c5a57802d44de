// Environment, validated once at boot. .env.example documents every variable and
// works unmodified; README "Configuration" lists the same table.
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/groupkap.db")
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "DATABASE_URL must start with file: or postgresql://"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DEMO_MODE: bool.default(false),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(12),
  SESSION_INACTIVITY_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(30),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10000).default(30),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  TRUSTED_ORIGINS: z.string().default(""),
  TRUST_PROXY: bool.default(false),
  // Request bodies are refused (413) above these sizes before anything reads them: every
  // form, and the CSV import, which carries a whole file (and posts it back to commit).
  MAX_FORM_MB: z.coerce.number().positive().max(100).default(1),
  MAX_IMPORT_MB: z.coerce.number().positive().max(1000).default(25),
  // Requests one process works on at once (the rest wait in arrival order; /healthz never
  // waits). One thread runs them all anyway: more at once only holds more memory.
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(8),
  // Program reports are computed in a worker thread with this heap limit in MB (0: in the
  // server's own thread). A 200,000-participant report needs ~224 MB.
  REPORT_WORKER_HEAP_MB: z.coerce.number().int().min(0).max(16384).default(512),
  // Adds `Server-Timing: db;desc="<n> queries";dur=<ms>` to every response (the page benchmark reads it).
  SERVER_TIMING: bool.default(false),
  // Outreach (app/models/outreach/). With neither SMTP_URL nor SMS_* set, messages go to the
  // built-in outbox at /admin/outbox, marked as not sent.
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .refine((v) => v === "" || /^smtps?:\/\//.test(v), "SMTP_URL must start with smtp:// or smtps://")
    .default(""),
  MAIL_FROM: z.string().default("GroupKAP <no-reply@groupkap.invalid>"),
  SMS_PROVIDER_URL: z.string().default(""),
  SMS_ACCOUNT_SID: z.string().default(""),
  SMS_AUTH_TOKEN: z.string().default(""),
  SMS_FROM: z.string().default(""),
  OUTREACH_WORKER: bool.default(true),
  OUTREACH_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change the environment between cases; production never calls this. */
export function resetEnvCache() {
  cached = undefined;
}
