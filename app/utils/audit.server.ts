// The audit log. Every change of clinical data writes its event through `audit()` on
// the SAME transaction client as the change, so both commit or neither does. The table
// is append-only (database triggers refuse UPDATE/DELETE) and no route edits it.
import type { Db, Tx } from "./db.server";

export type AuditActor = { id: string; email?: string } | null;

export type AuditInput = {
  actor: AuditActor;
  actorLabel?: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  details?: unknown;
  ip?: string | null;
  userAgent?: string | null;
};

export type RequestMeta = { ip: string | null; userAgent: string | null };

export async function audit(client: Db | Tx, input: AuditInput) {
  await client.auditEvent.create({
    data: {
      actorId: input.actor?.id || null,
      actorLabel: input.actorLabel ?? input.actor?.email ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      summary: input.summary.slice(0, 1000),
      details: input.details === undefined ? null : JSON.stringify(input.details),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    },
  });
}
