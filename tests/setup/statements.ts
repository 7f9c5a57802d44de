// The SQL statements a piece of work runs (ORM and driver alike), as the Server-Timing header
// counts them: for the tests that pin how many statements a page or a read takes.
import { queryCountStorage } from "~/utils/queryCount";

export async function counted<T>(run: () => Promise<T>) {
  const store = { queries: 0, ms: 0 };
  const value = await queryCountStorage.run(store, run);
  return { value, queries: store.queries };
}
