import { dbReady } from "~/utils/db.server";

/**
 * Where an actor's audit rows stand now: the id of their latest row ("" if none). One process's
 * audit ids sort in the order written (auditId), so `id > mark` selects exactly the rows a test
 * writes after this point; a timestamp also takes the previous test's last row when it fell in
 * the same millisecond.
 */
export async function auditMark(actorId: string): Promise<string> {
  const db = await dbReady();
  return (await db.auditEvent.findFirst({ where: { actorId }, orderBy: { id: "desc" }, select: { id: true } }))?.id ?? "";
}
