// HTTP-level protections applied to every response and every mutation, before Remix.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { isFormContentType } from "../utils/forms.server";

export function contentSecurityPolicy(nonce: string, dev: boolean) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // React's style={} attributes (chart geometry, progress bars) need inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws://localhost:* ws://127.0.0.1:*" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders({ dev }: { dev: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, dev));
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on a plain
    // (no-JavaScript) form post, which the origin check must refuse; same-origin still sends
    // nothing to other sites.
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Is this mutation from our own pages? Browsers always send Origin on POST. */
export function isSameOriginMutation(
  headers: { origin?: string; secFetchSite?: string; host?: string },
  protocol: string,
  trusted: string[],
): boolean {
  const { origin, secFetchSite, host } = headers;
  if (secFetchSite === "cross-site") return false;
  if (origin === undefined) {
    // Non-browser clients (curl, scripts) send no Origin and carry no victim's cookies.
    return true;
  }
  if (origin === "null") return false;
  const own = `${protocol}://${host}`;
  return origin === own || trusted.includes(origin);
}

export function originCheck({ trustedOrigins }: { trustedOrigins: string[] }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const ok = isSameOriginMutation(
      {
        origin: req.get("origin"),
        secFetchSite: req.get("sec-fetch-site"),
        host: req.get("host"),
      },
      req.protocol,
      trustedOrigins,
    );
    if (ok) return next();
    res
      .status(403)
      .type("html")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request refused — GroupKAP</title></head>` +
          `<body><main><h1>Request refused</h1><p>This form was sent from another website, so GroupKAP refused it. ` +
          `Nothing was changed. If you meant to submit it, open GroupKAP directly and try again.</p>` +
          `<p><a href="/">Go to GroupKAP</a></p></main></body></html>`,
      );
  };
}

/* ------------------------------------------------------------------------------ */
/* Request bodies: size and type, checked before Remix (and so before sign-in)      */

export type BodyLimits = {
  /** Every form post. */
  formBytes: number;
  /** The CSV import (the file upload and its commit, which posts the CSV text back). */
  importBytes: number;
};

/** Paths whose posts carry a whole CSV file; `.data` is Remix's single-fetch form of the same action. */
const IMPORT_PATHS = new Set(["/measures/import", "/measures/import.data"]);

function bodyLimitFor(path: string, limits: BodyLimits): number {
  return IMPORT_PATHS.has(path.replace(/\/+$/, "")) ? limits.importBytes : limits.formBytes;
}

function refusalPage(title: string, text: string) {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} — GroupKAP</title></head>` +
    `<body><main><h1>${title}</h1><p>${text}</p>` +
    `<p><a href="/">Go to GroupKAP</a></p></main></body></html>`
  );
}

function formatBytes(n: number) {
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * Reads the body of every mutation here, counting bytes as they arrive, and refuses it
 * with 413 as soon as it passes the limit: by Content-Length before reading anything,
 * and by count for chunked bodies that announce no length. The connection is closed
 * then, so a client cannot keep streaming into a request that was already answered.
 * A body within the limit is kept in `res.locals.body` for the Remix handler, so Remix
 * never reads the raw socket and an oversized body is never held in memory. A POST that
 * is not a web form is refused with 415 before its body is read.
 */
export function requestBodyGate(limits: BodyLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const limit = bodyLimitFor(req.path, limits);
    const refuse = (status: 413 | 415, title: string, text: string) => {
      req.pause();
      res.set("Connection", "close");
      res.status(status).type("html").send(refusalPage(title, text));
      // Stop reading whatever the client still sends once the answer is out.
      res.on("finish", () => req.socket.destroySoon?.() ?? req.socket.end());
    };
    const tooLarge = () =>
      refuse(
        413,
        "Request too large",
        `What was sent is larger than GroupKAP accepts here (at most ${formatBytes(limit)}). Nothing was saved. ` +
          (limit === limits.importBytes
            ? "Split the CSV file into smaller files and import them one by one."
            : "Shorten what you entered and try again."),
      );
    const declared = req.get("content-length");
    if (declared !== undefined && Number(declared) > limit) return tooLarge();
    const hasBody = (declared !== undefined && Number(declared) > 0) || req.get("transfer-encoding") !== undefined;
    if (!isFormContentType(req.get("content-type")) && (hasBody || req.method === "POST")) {
      return refuse(
        415,
        "Not a form",
        "GroupKAP accepts only its own web forms here (sent as a form, not as JSON or another format). Nothing was saved.",
      );
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      if (done) return;
      received += chunk.length;
      if (received > limit) {
        done = true;
        chunks.length = 0;
        cleanup();
        return tooLarge();
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      cleanup();
      res.locals.body = Buffer.concat(chunks, received);
      next();
    };
    const onError = (error: Error) => {
      if (done) return;
      done = true;
      cleanup();
      next(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  };
}
