// Staff users, sign-in and the own password: one schema per form, run in the browser and on the server.
import { z } from "zod";
import { checkNewPassword } from "~/domain/auth/passwordPolicy";
import { parseDeaNumber } from "~/domain/safety/dea";
import { formIntSchema } from "~/utils/forms";
import { ROLES } from "~/utils/permissions";

const roleList = z.preprocess(
  // No box ticked sends nothing; one sends a string; a role sent twice (roles=ADMIN&roles=ADMIN) is the same choice, not a second row.
  (v) => (v === undefined || v === "" ? [] : [...new Set(Array.isArray(v) ? v : [v])]),
  z.array(z.enum(ROLES, { error: "Unknown role." })).min(1, "Choose at least one role."),
);

const emailField = (required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(254, "An email address has at most 254 characters.")
    .pipe(z.email({ error: "Enter an email address like name@clinic.org." }));

export const userFields = z.object({
  name: z
    .string({ error: "Enter the person's full name." })
    .trim()
    .min(1, "Enter the person's full name.")
    .max(120, "A name has at most 120 characters."),
  email: emailField("Enter an email address."),
  roles: roleList,
});

/**
 * The edit form also says whether the user prescribes (clinicians only) and their DEA
 * registration number, which a prescriber must have (format and check digit: domain/safety/dea;
 * the model stores it normalised, or nothing for a non-prescriber).
 */
function prescriberRule(v: { roles: string[]; isPrescriber: boolean; deaNumber: string }, ctx: z.RefinementCtx) {
  const typed = v.deaNumber.trim();
  if (v.isPrescriber && !v.roles.includes("CLINICIAN"))
    ctx.addIssue({ code: "custom", path: ["isPrescriber"], message: "Only clinicians can be prescribers: give the Clinician role too" });
  if (!v.isPrescriber) {
    if (typed)
      ctx.addIssue({
        code: "custom",
        path: ["deaNumber"],
        message: "A DEA number is kept only for prescribers: tick Prescriber or leave it empty",
      });
    return;
  }
  const dea = parseDeaNumber(typed);
  if (!dea.ok)
    ctx.addIssue({ code: "custom", path: ["deaNumber"], message: typed ? dea.message : "A prescriber needs a DEA registration number" });
}

const userEditObject = userFields.extend({
  version: formIntSchema("Reload the page and try again: the form did not say which version it edits.", { min: 1 }),
  isPrescriber: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  deaNumber: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().max(40, "A DEA number is two letters and seven digits")),
});

export const userEditFields = userEditObject.superRefine(prescriberRule);

export type UserInput = z.output<typeof userFields>;
export type UserEditInput = z.output<typeof userEditFields>;

export const newUserIntents = z.discriminatedUnion("intent", [userFields.extend({ intent: z.literal("save") })]);

export const userIntents = z.discriminatedUnion("intent", [
  userEditObject.extend({ intent: z.literal("save") }).superRefine(prescriberRule),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
  z.object({ intent: z.literal("reset-password") }),
  z.object({ intent: z.literal("revoke-sessions") }),
]);

export const loginFields = z.object({
  email: emailField("Enter your email address."),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(256, "A password has at most 256 characters."),
  redirectTo: z.string().optional(),
});

export const changePasswordFields = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(256, "At most 256 characters."),
    newPassword: z.string({ error: "Enter a new password." }).min(1, "Enter a new password."),
    confirmPassword: z.string({ error: "Repeat the new password." }).min(1, "Repeat the new password."),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword) {
      const check = checkNewPassword(v.newPassword);
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["newPassword"], message: check.message });
    }
    if (v.confirmPassword && v.newPassword !== v.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same." });
    }
  });

export type ChangePasswordInput = z.output<typeof changePasswordFields>;
