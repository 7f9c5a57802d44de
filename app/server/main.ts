// The HTTP server: Express in front of Remix, so that security headers and the
// cross-origin check apply to every response and every mutation, static files included.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getEnv } from "../utils/env.server";
import { originCheck, securityHeaders } from "./security";

export async function startServer({ quiet = false }: { quiet?: boolean } = {}) {
  const env = getEnv();
  const dev = env.NODE_ENV === "development";
  const buildPath = path.resolve("build/index.js");
  const loadBuild = async () =>
    (await import(pathToFileURL(buildPath).href + (dev ? `?t=${Date.now()}` : ""))) as ServerBuild;
  let build = await loadBuild();

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);
  app.use(securityHeaders({ dev }));
  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(originCheck({ trustedOrigins: env.TRUSTED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean) }));
  app.all(
    "*",
    dev
      ? async (req, res, next) => {
          build = await loadBuild();
          return createRequestHandler({
            build,
            mode: "development",
            getLoadContext: (r, s) => ({ clientIp: r.ip ?? null, cspNonce: s.locals.cspNonce as string }),
          })(req, res, next);
        }
      : createRequestHandler({
          build,
          mode: build.mode,
          getLoadContext: (req, res) => ({ clientIp: req.ip ?? null, cspNonce: res.locals.cspNonce as string }),
        }),
  );

  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = app.listen(env.PORT, env.HOST, () => {
      const url = `http://localhost:${env.PORT}`;
      if (!quiet) console.log(`GroupKAP is running at ${url}`);
      resolve({ url, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  startServer().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
