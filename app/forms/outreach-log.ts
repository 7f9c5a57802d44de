// The message logs' filters (URL search params), shared by the loaders and the filter form.
import { z } from "zod";

export const MESSAGE_STATUSES = ["SCHEDULED", "SENDING", "SENT", "DELIVERED", "FAILED", "CANCELLED"] as const;
export const MESSAGE_KINDS = [
  "INVITATION",
  "REMINDER",
  "SESSION_REMINDER",
  "SESSION_CHANGED",
  "SESSION_CANCELLED",
  "SEAT_OFFER",
  "SAFETY_ALERT",
  "SAFETY_ESCALATION",
  "AE_FOLLOW_UP",
] as const;

export const MESSAGE_KIND_LABEL: Record<(typeof MESSAGE_KINDS)[number], string> = {
  INVITATION: "Questionnaire invitation",
  REMINDER: "Questionnaire reminder",
  SESSION_REMINDER: "Session reminder",
  SESSION_CHANGED: "Session changed",
  SESSION_CANCELLED: "Session cancelled",
  SEAT_OFFER: "Seat offer (waitlist)",
  SAFETY_ALERT: "Safety alert (staff)",
  SAFETY_ESCALATION: "Safety escalation (staff)",
  AE_FOLLOW_UP: "AE follow-up (staff)",
};

export const MESSAGE_STATUS_LABEL: Record<(typeof MESSAGE_STATUSES)[number], string> = {
  SCHEDULED: "Scheduled",
  SENDING: "Sending",
  SENT: "Sent",
  DELIVERED: "Delivered",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export const messageLogQuery = z.object({
  status: z.enum(MESSAGE_STATUSES).optional().catch(undefined),
  kind: z.enum(MESSAGE_KINDS).optional().catch(undefined),
  channel: z.enum(["EMAIL", "SMS"]).optional().catch(undefined),
  /** outbox: only what went to the built-in outbox (not sent); all: every message. */
  where: z.enum(["outbox", "all"]).optional().catch(undefined),
  before: z.string().max(40).optional().catch(undefined),
  after: z.string().max(40).optional().catch(undefined),
});
export type MessageLogQuery = z.infer<typeof messageLogQuery>;

export function parseMessageLogQuery(params: URLSearchParams): MessageLogQuery {
  return messageLogQuery.parse(Object.fromEntries([...params.entries()].filter(([, v]) => v !== "")));
}
