// Read side of the audit log (admins). There is deliberately no update or delete here.
import { dbReady } from "~/utils/db.server";

export type AuditFilters = {
  userId?: string;
  entityType?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
};

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(f: AuditFilters) {
  const db = await dbReady();
  const where = {
    ...(f.userId ? { actorId: f.userId } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (f.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { name: true, email: true } } },
    }),
  ]);
  return { total, rows, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

export async function auditFilterOptions() {
  const db = await dbReady();
  const [users, entityTypes, actions] = await Promise.all([
    db.user.findMany({ select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
    db.auditEvent.findMany({ distinct: ["entityType"], select: { entityType: true }, orderBy: { entityType: "asc" } }),
    db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { users, entityTypes: entityTypes.map((e) => e.entityType), actions: actions.map((a) => a.action) };
}
