// The SQL statements a piece of work runs (ORM and driver alike), as the Server-Timing header
// counts them: for the tests that pin how many statements a page or a read takes.
import { dbReady } from "~/utils/db.server";
import { queryCountStorage } from "~/utils/queryCount";

export async function counted<T>(run: () => Promise<T>) {
  // A session last seen more than 30 s ago is touched by its next request (more statements).
  // Every session is marked seen now, outside the count, so that the time since a test signed
  // in (long on a loaded machine) never decides the statements counted.
  await (await dbReady()).authSession.updateMany({ data: { lastSeenAt: new Date() } });
  const store = { queries: 0, ms: 0 };
  const value = await queryCountStorage.run(store, run);
  return { value, queries: store.queries };
}
