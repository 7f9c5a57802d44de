// Attendance vocabulary, shared by the server models and the browser (plain module, no server code).
export const ATTENDANCE_STATUSES = ["PRESENT", "LATE", "LEFT_EARLY", "EXCUSED", "ABSENT"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  PRESENT: "Present",
  LATE: "Late",
  LEFT_EARLY: "Left early",
  EXCUSED: "Excused absence",
  ABSENT: "Absent",
};
/** Statuses that count as attending (an observation and a dosing record are expected). */
export const ATTENDING: readonly string[] = ["PRESENT", "LATE", "LEFT_EARLY"];
