import { z } from "zod";
import { ROLES } from "~/utils/permissions";
import { formIntSchema } from "~/utils/forms";

const roleList = z.preprocess(
  // A role sent twice (roles=ADMIN&roles=ADMIN) is the same choice, not a second row.
  (v) => (v === undefined || v === "" ? [] : [...new Set(Array.isArray(v) ? v : [v])]),
  z.array(z.enum(ROLES, { error: "Unknown role." })).min(1, "Choose at least one role."),
);

export const UserSchema = z.object({
  name: z.string().trim().min(1, "Enter the person's full name.").max(120, "A name has at most 120 characters."),
  email: z
    .string()
    .trim()
    .min(1, "Enter an email address.")
    .max(254, "An email address has at most 254 characters.")
    .pipe(z.email({ error: "Enter an email address like name@clinic.org." })),
  roles: roleList,
});

export const UserEditSchema = UserSchema.extend({
  version: formIntSchema("Reload the page and try again: the form did not say which version it edits.", { min: 1 }),
});
