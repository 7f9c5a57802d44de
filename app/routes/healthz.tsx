import { dbReady } from "~/utils/db.server";

// Liveness and database check for load balancers and the quick start.
export async function loader() {
  const started = Date.now();
  try {
    const db = await dbReady();
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database: "ok", latencyMs: Date.now() - started }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("healthz: database check failed", error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
