// A save refused for scheduling clashes (FieldError with `details.conflicts`, see
// app/models/session.server.ts `conflictsRefusal`) has always answered 409 Conflict, not
// 400: the form was valid, the calendar was not. `formAction` answers every FieldError
// with 400, so the scheduling routes pass its answer through here.
import { conflictDetails } from "~/forms/scheduling";

type Answer = { type?: unknown; data?: unknown; init?: ResponseInit | null };

export async function withConflictStatus<T>(answer: Promise<T>): Promise<T> {
  const out = await answer;
  const a = out as Answer;
  if (a && typeof a === "object" && a.type === "DataWithResponseInit" && a.init?.status === 400) {
    const details = (a.data as { details?: unknown } | undefined)?.details;
    if (conflictDetails(details)) a.init = { ...a.init, status: 409 };
  }
  return out;
}
