// Staff users and their roles. Every change is audited in the same transaction.
import { parseDeaNumber } from "~/domain/safety/dea";
import type { NotificationInput } from "~/forms/account";
import type { ChangePasswordInput, UserEditInput, UserInput } from "~/forms/users";
import { audit, type RequestMeta } from "~/utils/audit.server";
import {
  hashPassword,
  newTemporaryPassword,
  invalidateUserSessions,
  normalizeEmail,
  reauthenticate,
  verifyPassword,
} from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";

export async function listUsers() {
  const db = await dbReady();
  const users = await db.user.findMany({ include: { roles: true }, orderBy: { name: "asc" } });
  const lastLogins = await db.auditEvent.groupBy({
    by: ["actorId"],
    where: { action: "auth.login", actorId: { in: users.map((u) => u.id) } },
    _max: { at: true },
  });
  const last = new Map(lastLogins.map((l) => [l.actorId, l._max.at]));
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    roles: u.roles.map((r) => r.roleCode).sort(),
    lastLoginAt: last.get(u.id) ?? null,
    createdAt: u.createdAt,
  }));
}

export async function getUserForAdmin(id: string) {
  const db = await dbReady();
  const user = await db.user.findUnique({ where: { id }, include: { roles: true } });
  if (!user) return null;
  const sessions = await db.authSession.count({ where: { userId: id, expiresAt: { gt: new Date() } } });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    active: user.active,
    deactivatedAt: user.deactivatedAt,
    mustChangePassword: user.mustChangePassword,
    isPrescriber: user.isPrescriber,
    deaNumber: user.deaNumber,
    version: user.version,
    roles: user.roles.map((r) => r.roleCode).sort() as RoleCode[],
    activeSessions: sessions,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export async function createUser(actor: Actor, meta: RequestMeta, input: UserInput): Promise<{ id: string; temporaryPassword: string }> {
  const db = await dbReady();
  const email = normalizeEmail(input.email);
  if (await db.user.findUnique({ where: { email } })) {
    throw new FieldError("email", "A user with this email already exists.");
  }
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        email,
        name: input.name.trim(),
        passwordHash,
        mustChangePassword: true,
        roles: { create: input.roles.map((roleCode) => ({ roleCode })) },
      },
    });
    await audit(tx, {
      actor,
      action: "user.create",
      entityType: "User",
      entityId: created.id,
      summary: `Created user ${email} with roles ${input.roles.join(", ")}`,
      details: { name: created.name, email, roles: input.roles },
      ...meta,
    });
    return created;
  });
  return { id: user.id, temporaryPassword };
}

export async function updateUser(actor: Actor, meta: RequestMeta, id: string, input: UserEditInput) {
  const db = await dbReady();
  const email = normalizeEmail(input.email);
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, include: { roles: true } });
    if (!before) notFound("User not found");
    if (before.version !== input.version) {
      throw new ConflictError(
        "Someone else changed this user while you were editing. Reload to see their changes, then apply yours again.",
      );
    }
    if (email !== before.email && (await tx.user.findUnique({ where: { email } }))) {
      throw new FieldError("email", "A user with this email already exists.");
    }
    const beforeRoles = before.roles.map((r) => r.roleCode).sort();
    if (actor.id === id && beforeRoles.includes("ADMIN") && !input.roles.includes("ADMIN")) {
      throw new FieldError("roles", "You cannot remove your own administrator role.");
    }
    if (input.isPrescriber && !input.roles.includes("CLINICIAN"))
      throw new FieldError("isPrescriber", "Only clinicians can be prescribers: give the Clinician role too");
    const dea = input.isPrescriber ? parseDeaNumber(input.deaNumber) : null;
    if (dea && !dea.ok) throw new FieldError("deaNumber", dea.message);
    const deaNumber = dea?.ok ? dea.value : null;
    // The version guard in the where clause makes a concurrent save fail here too.
    const updated = await tx.user.updateMany({
      where: { id, version: input.version },
      data: { name: input.name.trim(), email, isPrescriber: input.isPrescriber, deaNumber, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError("Someone else changed this user while you were editing. Reload and try again.");
    await tx.userRole.deleteMany({ where: { userId: id } });
    await tx.userRole.createMany({ data: input.roles.map((roleCode) => ({ userId: id, roleCode })) });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (before.name !== input.name.trim()) changes.name = { from: before.name, to: input.name.trim() };
    if (before.email !== email) changes.email = { from: before.email, to: email };
    const afterRoles = [...input.roles].sort();
    if (beforeRoles.join() !== afterRoles.join()) changes.roles = { from: beforeRoles, to: afterRoles };
    if (before.isPrescriber !== input.isPrescriber) changes.isPrescriber = { from: before.isPrescriber, to: input.isPrescriber };
    if (before.deaNumber !== deaNumber) changes.deaNumber = { from: before.deaNumber, to: deaNumber };
    await audit(tx, {
      actor,
      action: "user.update",
      entityType: "User",
      entityId: id,
      summary: Object.keys(changes).length ? `Changed ${Object.keys(changes).join(", ")} of ${email}` : `Saved ${email} without changes`,
      details: changes,
      ...meta,
    });
  });
}

export async function setUserActive(actor: Actor, meta: RequestMeta, id: string, active: boolean) {
  if (actor.id === id && !active) throw new FieldError("form", "You cannot deactivate your own account.");
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) notFound("User not found");
    await tx.user.update({
      where: { id },
      data: { active, deactivatedAt: active ? null : new Date(), version: { increment: 1 } },
    });
    if (!active) await tx.authSession.deleteMany({ where: { userId: id } });
    await audit(tx, {
      actor,
      action: active ? "user.reactivate" : "user.deactivate",
      entityType: "User",
      entityId: id,
      summary: `${active ? "Reactivated" : "Deactivated"} ${user.email}`,
      ...meta,
    });
  });
}

export async function resetPassword(actor: Actor, meta: RequestMeta, id: string) {
  const db = await dbReady();
  const temporaryPassword = newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) notFound("User not found");
    await tx.user.update({
      where: { id },
      data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), version: { increment: 1 } },
    });
    await tx.authSession.deleteMany({ where: { userId: id } });
    await audit(tx, {
      actor,
      action: "user.reset_password",
      entityType: "User",
      entityId: id,
      summary: `Reset the password of ${user.email} (temporary password, change required at next sign-in)`,
      ...meta,
    });
  });
  return temporaryPassword;
}

export async function signOutUserEverywhere(actor: Actor, meta: RequestMeta, id: string) {
  const db = await dbReady();
  const user = await db.user.findUnique({ where: { id } });
  if (!user) notFound("User not found");
  await invalidateUserSessions(id);
  await audit(db, {
    actor,
    action: "user.revoke_sessions",
    entityType: "User",
    entityId: id,
    summary: `Signed ${user.email} out on every device`,
    ...meta,
  });
}

export async function changeOwnPassword(
  actor: Actor,
  meta: RequestMeta,
  input: Pick<ChangePasswordInput, "currentPassword" | "newPassword">,
  keepSessionId: string | null,
) {
  const db = await dbReady();
  const user = await db.user.findUnique({ where: { id: actor.id } });
  if (!user) notFound("User not found");
  // Guessing the current password from a stolen session counts like guessing at sign-in.
  const reauth = await reauthenticate({
    userId: user.id,
    password: input.currentPassword,
    purpose: "password change",
    meta,
    requestedBy: actor,
  });
  if (!reauth.ok) {
    throw new FieldError(
      "currentPassword",
      reauth.reason === "throttled"
        ? "Too many failed attempts. Wait a few minutes, then try again."
        : "The current password is not right.",
    );
  }
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    throw new FieldError("newPassword", "Choose a password different from the current one.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), version: { increment: 1 } },
    });
    // Other devices signed in with the old password are signed out.
    await tx.authSession.deleteMany({ where: { userId: user.id, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
    await audit(tx, {
      actor,
      action: "user.change_password",
      entityType: "User",
      entityId: user.id,
      summary: "Changed own password; other sessions signed out",
      ...meta,
    });
  });
}

/** The own notification channels and mobile number (the account page). */
export async function getOwnNotificationSettings(actor: Actor) {
  const db = await dbReady();
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { phone: true, notifyByEmail: true, notifyBySms: true, version: true },
  });
  if (!user) notFound("User not found");
  return user;
}

/** Saves the own notification channels (optimistic concurrency on User.version; audited). */
export async function updateOwnNotificationSettings(actor: Actor, meta: RequestMeta, input: NotificationInput) {
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: actor.id }, select: { phone: true, notifyByEmail: true, notifyBySms: true } });
    if (!before) notFound("User not found");
    const data = { phone: input.phone, notifyByEmail: input.notifyByEmail, notifyBySms: input.notifyBySms };
    const res = await tx.user.updateMany({ where: { id: actor.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
    if (res.count !== 1) {
      throw new ConflictError(
        "Your account was changed elsewhere (by you on another device or by an administrator) while this page was open. Reload the page and make your change again.",
      );
    }
    const changed = Object.fromEntries(
      (Object.keys(data) as (keyof typeof data)[]).filter((k) => before[k] !== data[k]).map((k) => [k, { from: before[k], to: data[k] }]),
    );
    const channels = [input.notifyByEmail ? "email" : null, input.notifyBySms ? "SMS" : null].filter(Boolean).join(" and ") || "none";
    await audit(tx, {
      actor,
      action: "user.notification_settings",
      entityType: "User",
      entityId: actor.id,
      summary: `Changed own notification settings: ${channels}${"phone" in changed ? (input.phone ? ", mobile number changed" : ", mobile number removed") : ""}`,
      details: { changed },
      ...meta,
    });
  });
}
