// Authentication facade. Lucia v3 manages the session ids, database sessions and
// sliding expiry; this module is the only one that imports it, so it can be replaced
// without touching routes. On top of Lucia: an inactivity timeout, login throttling
// (shared by every password re-check: reauthenticate), deactivated users, forced
// password change, and permission checks.
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import { Cookie, Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { generateTemporaryPassword } from "~/domain/auth/passwordPolicy";
import { audit, type RequestMeta } from "./audit.server";
import { booleanValue, dbReady, getDb, instantValue, readRow, sqlCommaList } from "./db.server";
import { getEnv } from "./env.server";
import { can, type Permission } from "./permissions";
import { requestMeta, type RouteArgs } from "./request.server";
import { beginAttempt, settleAttempt, type Limit } from "./throttle.server";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  mustChangePassword: boolean;
};

const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string) {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Compared against when the email is unknown, so that the answer takes the same time.
let dummyHash: Promise<string> | undefined;

export function newTemporaryPassword() {
  return generateTemporaryPassword((n) => randomBytes(n));
}

// ---------------------------------------------------------------------------------
// Lucia, over our own Prisma models (AuthSession / User / UserRole).

const adapter: Adapter = {
  // Every signed-in request asks this: one statement straight through the driver (about a
  // hundredth of the CPU of the three statements an ORM include takes; see db.server.ts).
  async getSessionAndUser(sessionId) {
    const row = await readRow(
      `SELECT s."id", s."userId", s."expiresAt", s."lastSeenAt", u."email", u."name", u."active", u."mustChangePassword", ` +
        `(SELECT ${sqlCommaList(`r."roleCode"`)} FROM "UserRole" r WHERE r."userId" = u."id") ` +
        `FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ?`,
      [sessionId],
    );
    if (!row) return [null, null];
    const [id, userId, expiresAt, lastSeenAt, email, name, active, mustChangePassword, roles] = row;
    const session: DatabaseSession = {
      id: id as string,
      userId: userId as string,
      expiresAt: instantValue(expiresAt),
      attributes: { lastSeenAt: instantValue(lastSeenAt) },
    };
    const user: DatabaseUser = {
      id: userId as string,
      attributes: {
        email: email as string,
        name: name as string,
        active: booleanValue(active),
        mustChangePassword: booleanValue(mustChangePassword),
        roles: roles ? (roles as string).split(",").sort() : [],
      },
    };
    return [session, user];
  },
  async getUserSessions(userId) {
    const rows = await getDb().authSession.findMany({ where: { userId } });
    return rows.map((r) => ({ id: r.id, userId: r.userId, expiresAt: r.expiresAt, attributes: { lastSeenAt: r.lastSeenAt } }));
  },
  async setSession(session) {
    const attrs = session.attributes as { ip?: string | null; userAgent?: string | null };
    await getDb().authSession.create({
      data: {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        ip: attrs.ip ?? null,
        userAgent: attrs.userAgent?.slice(0, 300) ?? null,
      },
    });
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await getDb().authSession.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  },
  async deleteSession(sessionId) {
    await getDb().authSession.deleteMany({ where: { id: sessionId } });
  },
  async deleteUserSessions(userId) {
    await getDb().authSession.deleteMany({ where: { userId } });
  },
  async deleteExpiredSessions() {
    await getDb().authSession.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  },
};

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof makeLucia>;
    DatabaseUserAttributes: { email: string; name: string; active: boolean; mustChangePassword: boolean; roles: string[] };
    DatabaseSessionAttributes: { ip?: string | null; userAgent?: string | null; lastSeenAt?: Date };
  }
}

export const SESSION_COOKIE = "gk_session";

function makeLucia(secure: boolean) {
  const env = getEnv();
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(env.SESSION_TTL_HOURS, "h"),
    sessionCookie: {
      name: SESSION_COOKIE,
      // Lucia's "non-expiring" cookie still carries Max-Age 400 days; the cookie we set
      // is built by sessionCookie() below without Max-Age or Expires.
      expires: false,
      attributes: { secure, sameSite: "lax", path: "/" },
    },
    getUserAttributes: (a) => a,
    getSessionAttributes: (a) => ({ lastSeenAt: a.lastSeenAt }),
  });
}

const luciaCache = new Map<string, ReturnType<typeof makeLucia>>();
/** Whether cookies set in answer to this request carry `Secure` (COOKIE_SECURE; auto: production, not localhost). */
export function cookieIsSecure(request: Request): boolean {
  const env = getEnv();
  const host = new URL(request.url).hostname;
  const local = host === "localhost" || host === "127.0.0.1" || host === "[::1]";
  return env.COOKIE_SECURE === "true" || (env.COOKIE_SECURE === "auto" && env.NODE_ENV === "production" && !local);
}

function luciaFor(request: Request) {
  const env = getEnv();
  const secure = cookieIsSecure(request);
  const key = `${secure}:${env.SESSION_TTL_HOURS}`;
  let lucia = luciaCache.get(key);
  if (!lucia) luciaCache.set(key, (lucia = makeLucia(secure)));
  return lucia;
}

/**
 * A browser-session cookie: no Max-Age and no Expires, so closing the browser ends it.
 * The server's sliding expiry and inactivity timeout decide when the session itself ends;
 * a clinical app should leave nothing that signs a shared computer in for months.
 */
function sessionCookie(request: Request, sessionId: string) {
  const { name, value, attributes } = luciaFor(request).createSessionCookie(sessionId);
  const { maxAge: _maxAge, expires: _expires, ...rest } = attributes;
  return new Cookie(name, value, rest).serialize();
}

function readSessionId(request: Request) {
  return luciaFor(request).readSessionCookie(request.headers.get("cookie") ?? "");
}

// ---------------------------------------------------------------------------------
// Password checks: sign-in and every re-authentication (a witness confirming a waste,
// the current password before a change) go through checkPassword, so they share one
// throttle and one audit trail. Attempts are counted in the database before the password
// is checked (throttle.server.ts), per attempted email and per client IP; every failure
// is an "auth.login_failed" row and counts against the account whose password was tried,
// and every failure gets the same answer whether or not the email exists.

export const GENERIC_LOGIN_ERROR = "The email or password is not right.";
export const THROTTLED_LOGIN_ERROR = "Too many failed sign-in attempts. Wait a few minutes, then try again.";

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

function passwordLimits(email: string, ip: string | null): Limit[] {
  const env = getEnv();
  const windowMs = env.LOGIN_WINDOW_MINUTES * 60_000;
  const limits: Limit[] = [{ scope: "login.account", key: email, max: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs }];
  if (ip) limits.push({ scope: "login.ip", key: ip, max: env.LOGIN_MAX_FAILURES_PER_IP, windowMs });
  return limits;
}

export type CheckedUser = { id: string; email: string; name: string; active: boolean; mustChangePassword: boolean; roles: string[] };

type PasswordCheck = { ok: true; user: CheckedUser } | { ok: false; throttled: boolean };

type CheckOptions = {
  email: string;
  password: string;
  meta: RequestMeta;
  /** Null for sign-in; otherwise what the re-authentication is for, e.g. "waste witness". */
  purpose: string | null;
  /** Who asked for a re-authentication (the person recording, say), for the audit row. */
  requestedBy?: { id: string } | null;
  /** Why an otherwise valid account may not be used here (null: it may). */
  ineligible?: (user: CheckedUser) => string | null;
  /** Limits counted on top of sign-in's (e.g. signatures' own, per account). */
  extraLimits?: Limit[];
};

async function checkPassword(opts: CheckOptions): Promise<PasswordCheck> {
  const db = await dbReady();
  const email = normalizeEmail(opts.email);
  const what = opts.purpose ? `Re-authentication (${opts.purpose})` : "Sign-in";
  const details = opts.purpose ? { purpose: opts.purpose, requestedBy: opts.requestedBy?.id ?? null } : undefined;
  const attempt = await beginAttempt([...passwordLimits(email, opts.meta.ip), ...(opts.extraLimits ?? [])]);
  if (!attempt.allowed) {
    await audit(db, {
      actor: opts.requestedBy ?? null,
      actorLabel: email,
      action: "auth.login_throttled",
      entityType: "User",
      summary: `${what} refused: too many failed attempts`,
      details,
      ...opts.meta,
    });
    return { ok: false, throttled: true };
  }
  const row = await db.user.findUnique({ where: { email }, include: { roles: true } });
  dummyHash ??= hashPassword("a-password-nobody-has-" + randomBytes(8).toString("hex"));
  const valid = row ? await verifyPassword(row.passwordHash, opts.password) : (await verifyPassword(await dummyHash, opts.password), false);
  const user: CheckedUser | null = row
    ? {
        id: row.id,
        email: row.email,
        name: row.name,
        active: row.active,
        mustChangePassword: row.mustChangePassword,
        roles: row.roles.map((r) => r.roleCode),
      }
    : null;
  // Eligibility is decided after the password was checked either way, and an ineligible
  // account fails exactly like a wrong password (same answer, same count), so the answer
  // never tells whether the password was right.
  const reason = !user
    ? "unknown email"
    : !valid
      ? "wrong password"
      : !user.active
        ? "account deactivated"
        : (opts.ineligible?.(user) ?? null);
  if (reason || !user) {
    await settleAttempt(attempt.ids, "FAILED");
    await audit(db, {
      actor: opts.requestedBy ?? (user && valid ? { id: user.id } : null),
      actorLabel: email,
      action: "auth.login_failed",
      entityType: "User",
      entityId: user?.id ?? null,
      summary: `${what} failed (${reason})`,
      details,
      ...opts.meta,
    });
    return { ok: false, throttled: false };
  }
  await settleAttempt(attempt.ids, "OK");
  return { ok: true, user };
}

export type LoginResult = { ok: true; cookie: string; user: { id: string; mustChangePassword: boolean } } | { ok: false; message: string };

export async function login(args: RouteArgs, email: string, password: string): Promise<LoginResult> {
  const meta = requestMeta(args);
  const checked = await checkPassword({ email, password, meta, purpose: null });
  if (!checked.ok) return { ok: false, message: checked.throttled ? THROTTLED_LOGIN_ERROR : GENERIC_LOGIN_ERROR };
  const { user } = checked;
  const lucia = luciaFor(args.request);
  const session = await lucia.createSession(user.id, { ip: meta.ip, userAgent: meta.userAgent });
  await audit(await dbReady(), {
    actor: { id: user.id },
    actorLabel: user.email,
    action: "auth.login",
    entityType: "User",
    entityId: user.id,
    summary: "Signed in",
    ...meta,
  });
  return { ok: true, cookie: sessionCookie(args.request, session.id), user: { id: user.id, mustChangePassword: user.mustChangePassword } };
}

/** Signatures' own limit per signer (counted with sign-in's, which a wrong signing password also counts against). */
export function signatureLimits(userId: string): Limit[] {
  const env = getEnv();
  return [
    { scope: "signature.account", key: userId, max: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs: env.LOGIN_WINDOW_MINUTES * 60_000 },
  ];
}

export type ReauthResult = { ok: true; user: CheckedUser } | { ok: false; reason: "failed" | "throttled" };

/**
 * Every password re-check outside sign-in goes through here: same throttle, same audit
 * action, failures counted against the account whose password was tried. The result
 * says only "failed" or "throttled"; callers show one message for each, whatever failed
 * (unknown email, wrong password, deactivated, or `ineligible`).
 */
export async function reauthenticate(input: {
  email?: string;
  userId?: string;
  password: string;
  purpose: string;
  meta: RequestMeta;
  requestedBy?: { id: string } | null;
  ineligible?: (user: CheckedUser) => string | null;
  extraLimits?: Limit[];
}): Promise<ReauthResult> {
  let email = input.email ?? "";
  if (input.userId) {
    const own = await (await dbReady()).user.findUnique({ where: { id: input.userId }, select: { email: true } });
    email = own?.email ?? "";
  }
  if (!email.trim()) return { ok: false, reason: "failed" };
  const checked = await checkPassword({
    email,
    password: input.password,
    meta: input.meta,
    purpose: input.purpose,
    requestedBy: input.requestedBy,
    ineligible: input.ineligible,
    extraLimits: input.extraLimits,
  });
  if (checked.ok) return { ok: true, user: checked.user };
  return { ok: false, reason: checked.throttled ? "throttled" : "failed" };
}

export async function logout(args: RouteArgs, { everywhere = false } = {}) {
  const lucia = luciaFor(args.request);
  const sessionId = readSessionId(args.request);
  const blank = lucia.createBlankSessionCookie().serialize();
  if (!sessionId) return blank;
  const { user } = await lucia.validateSession(sessionId);
  if (user) {
    if (everywhere) await lucia.invalidateUserSessions(user.id);
    else await lucia.invalidateSession(sessionId);
    await audit(await dbReady(), {
      actor: { id: user.id },
      actorLabel: user.email,
      action: everywhere ? "auth.logout_everywhere" : "auth.logout",
      entityType: "User",
      entityId: user.id,
      summary: everywhere ? "Signed out on every device" : "Signed out",
      ...requestMeta(args),
    });
  }
  return blank;
}

function loginRedirect(request: Request, reason?: string) {
  const url = new URL(request.url);
  const params = new URLSearchParams();
  const here = url.pathname + url.search;
  if (here !== "/" && request.method === "GET") params.set("redirectTo", here);
  if (reason) params.set("reason", reason);
  const qs = params.toString();
  return redirect(`/login${qs ? `?${qs}` : ""}`, {
    headers: { "Set-Cookie": luciaFor(request).createBlankSessionCookie().serialize() },
  });
}

// The root loader and the route's own loaders run for the same request; validating the
// session (and touching lastSeenAt) once per request is enough. Remix hands each loader its
// own copy of the Request (without the `index` and `_routes` parameters) but one load context
// per HTTP request, so the answer is kept per context (per Request where there is none), and
// per session cookie within it. An action (a request that is not GET or HEAD) may change what
// the answer is (a role, a password, a sign-out), so it reads afresh and drops what was kept:
// the loaders that run after it in the same request read again.
const userOfRequest = new WeakMap<object, Map<string, Promise<SessionUser | null>>>();

/** The signed-in user, or null (no redirect). Applies the inactivity timeout. */
export function getUser(args: RouteArgs): Promise<SessionUser | null> {
  const key: object = args.context && typeof args.context === "object" ? args.context : args.request;
  if (args.request.method !== "GET" && args.request.method !== "HEAD") {
    userOfRequest.delete(key);
    return loadUser(args);
  }
  const cookie = readSessionId(args.request) ?? "";
  let byCookie = userOfRequest.get(key);
  if (!byCookie) userOfRequest.set(key, (byCookie = new Map()));
  let pending = byCookie.get(cookie);
  if (!pending) {
    pending = loadUser(args);
    byCookie.set(cookie, pending);
  }
  return pending;
}

async function loadUser(args: RouteArgs): Promise<SessionUser | null> {
  const sessionId = readSessionId(args.request);
  if (!sessionId) return null;
  const lucia = luciaFor(args.request);
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return null;
  const env = getEnv();
  const lastSeen = session.lastSeenAt ? new Date(session.lastSeenAt) : new Date(0);
  const now = Date.now();
  if (now - lastSeen.getTime() > env.SESSION_INACTIVITY_MINUTES * 60_000) {
    await lucia.invalidateSession(session.id);
    await audit(await dbReady(), {
      actor: { id: user.id },
      actorLabel: user.email,
      action: "auth.session_timeout",
      entityType: "User",
      entityId: user.id,
      summary: `Signed out after ${env.SESSION_INACTIVITY_MINUTES} minutes without activity`,
      ...requestMeta(args),
    });
    return null;
  }
  if (!user.active) {
    await lucia.invalidateUserSessions(user.id);
    return null;
  }
  // Writing on every request would serialize SQLite writers; a 30 s granularity is
  // plenty for a timeout measured in minutes.
  if (now - lastSeen.getTime() > 30_000) {
    await getDb().authSession.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, mustChangePassword: user.mustChangePassword };
}

/** The signed-in user, or a redirect to the login page. */
export async function requireUser(args: RouteArgs, { allowPasswordChange = false } = {}): Promise<SessionUser> {
  const hadCookie = Boolean(readSessionId(args.request));
  const user = await getUser(args);
  if (!user) throw loginRedirect(args.request, hadCookie ? "expired" : undefined);
  if (user.mustChangePassword && !allowPasswordChange) throw redirect("/account/password?required=1");
  return user;
}

/** The signed-in user holding `permission`; otherwise 403 (audited) or a login redirect. */
export async function requirePermission(args: RouteArgs, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!can(user.roles, permission)) {
    const url = new URL(args.request.url);
    await audit(await dbReady(), {
      actor: { id: user.id },
      actorLabel: user.email,
      action: "permission.denied",
      entityType: "Route",
      entityId: url.pathname,
      summary: `Denied ${permission} on ${args.request.method} ${url.pathname}`,
      details: { permission, method: args.request.method, path: url.pathname },
      ...requestMeta(args),
    });
    throw new Response("You do not have permission to open this page.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

export async function listSessions(userId: string) {
  return getDb().authSession.findMany({ where: { userId, expiresAt: { gt: new Date() } }, orderBy: { lastSeenAt: "desc" } });
}

export function currentSessionId(request: Request) {
  return readSessionId(request);
}

export async function invalidateUserSessions(userId: string) {
  await getDb().authSession.deleteMany({ where: { userId } });
}
