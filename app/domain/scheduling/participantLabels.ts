// A participant's coded facts (occupation, sex) and the words shown for them: the one label
// source for the forms, the participant pages, the roster and the reports' subgroup tables.
export const OCCUPATIONS = ["FIREFIGHTER", "POLICE", "EMS", "NURSE", "PHYSICIAN", "OTHER_HEALTHCARE", "OTHER"] as const;
export type Occupation = (typeof OCCUPATIONS)[number];
export const OCCUPATION_LABEL: Record<Occupation, string> = {
  FIREFIGHTER: "Firefighter",
  POLICE: "Police",
  EMS: "EMS/paramedic",
  NURSE: "Nurse",
  PHYSICIAN: "Physician",
  OTHER_HEALTHCARE: "Other healthcare",
  OTHER: "Other",
};

export const SEXES = ["FEMALE", "MALE", "INTERSEX", "UNKNOWN"] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABEL: Record<Sex, string> = { FEMALE: "Female", MALE: "Male", INTERSEX: "Intersex", UNKNOWN: "Unknown / not stated" };

export function occupationLabel(code: string) {
  return OCCUPATION_LABEL[code as Occupation] ?? code;
}
export function sexLabel(code: string) {
  return SEX_LABEL[code as Sex] ?? code;
}
