// Shared by the server model and the browser form.
export const MAX_WORDING_LENGTH = 500;

/** Instruments whose item wording is licensed: entered by an administrator, never shipped. */
export const LICENSED_INSTRUMENTS = ["MBI_GS", "MBI_HSS", "MEQ30", "CADSS6"] as const;
export type LicensedInstrument = (typeof LICENSED_INSTRUMENTS)[number];
