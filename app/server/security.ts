// HTTP-level protections applied to every response and every mutation, before Remix.
import type { NextFunction, Request, Response } from "express";
import { randomBytes } from "node:crypto";

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
    res.setHeader("Referrer-Policy", "no-referrer");
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
