// Session documentation (attendance, the group note): one schema per form, run in the
// browser and on the server. Rows are keyed by enrollment id: the browser sends
// `status.<id>`, `version.<id>`, `note.<id>` and `observation.<id>`, which arrive here as
// nested records ({ status: { <id>: "PRESENT" } }). Whether an id is on the roster, and
// who attended, needs the database: the model checks that.
import { z } from "zod";
import { ATTENDANCE_STATUSES } from "~/models/attendance.shared";
import { formIntSchema, parseFormInt } from "~/utils/forms";
import { signaturePassword } from "./signatures";

/** Trimmed text; a missing field is "" (a note's three boxes may each be left empty). */
const text = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, { error: message }));

const version = formIntSchema("Reload the page and try again: the form did not say which version it edits.");

const status = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(ATTENDANCE_STATUSES, { error: "Choose present, late, left early, excused absence or absent" }).optional(),
);

export const attendanceFields = z
  .object({
    status: z.record(z.string(), status).optional(),
    // A row's version as loaded; anything unreadable never matches a stored row (a conflict).
    version: z
      .record(
        z.string(),
        z.unknown().transform((v) => parseFormInt(v ?? "0") ?? -1),
      )
      .optional(),
    note: z.record(z.string(), text(500, "A note must be at most 500 characters")).optional(),
  })
  .superRefine((v, ctx) => {
    if (!Object.values(v.status ?? {}).some(Boolean))
      ctx.addIssue({ code: "custom", path: [], message: "Mark attendance for at least one participant" });
  });

export const noteFields = z.object({
  themes: text(5000, "Themes must be at most 5000 characters"),
  process: text(5000, "Group process must be at most 5000 characters"),
  interventions: text(5000, "Facilitator interventions must be at most 5000 characters"),
  observation: z.record(z.string(), text(1000, "An observation must be at most 1000 characters")).optional(),
  version,
});

export const addendumFields = z.object({
  text: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : ""),
    z.string().min(1, { error: "Write the addendum" }).max(5000, { error: "An addendum must be at most 5000 characters" }),
  ),
});

export const signNoteFields = z.object({ version, password: signaturePassword });
export const cosignFields = z.object({});

export const sessionIntents = z.discriminatedUnion("intent", [
  attendanceFields.safeExtend({ intent: z.literal("attendance") }),
  noteFields.extend({ intent: z.literal("save-note") }),
  signNoteFields.extend({ intent: z.literal("sign-note") }),
  cosignFields.extend({ intent: z.literal("cosign-note") }),
  addendumFields.extend({ intent: z.literal("note-addendum") }),
]);

export type AttendanceInput = z.output<typeof attendanceFields>;
export type NoteInput = z.output<typeof noteFields>;

/** The forms of a session's page; a form's id decides which of them shows a reply. */
export const SESSION_FORMS = {
  attendance: "attendance-form",
  noteDraft: "note-draft",
  noteSign: "note-sign",
  noteCosign: "note-cosign",
  noteAddendum: "note-addendum",
} as const;
export const NOTE_FORM_IDS = [
  SESSION_FORMS.noteDraft,
  SESSION_FORMS.noteSign,
  SESSION_FORMS.noteCosign,
  SESSION_FORMS.noteAddendum,
] as const;
