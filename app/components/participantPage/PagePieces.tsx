// Pieces shared by the participant's own pages (/p/<token>/…): phone-first, plain words.
import { GENERIC_CRISIS_TEXT } from "~/forms/outreach";

/** The site's crisis line, or a generic line that names no country's number. */
export function CrisisInfo({ crisisLine, emphasis = false }: { crisisLine: string | null; emphasis?: boolean }) {
  return (
    <section
      className={`callout ${emphasis ? "callout--warn" : "callout--info"} ppage__crisis`}
      aria-labelledby="crisis-h"
      role={emphasis ? "alert" : undefined}
    >
      <h2 id="crisis-h">If you need help now</h2>
      {emphasis ? (
        <p>
          Some of your answers tell us you may be going through a very hard time. Your answers have gone to your care team; please do not
          wait for them if you feel unsafe.
        </p>
      ) : null}
      <p className="ppage__crisis-line">{crisisLine ?? GENERIC_CRISIS_TEXT}</p>
      {crisisLine ? <p className="small">If you are in immediate danger, call your local emergency number.</p> : null}
    </section>
  );
}

/** Unknown, revoked and expired links all get this page: it says nothing about why or whose. */
export function LinkNotValid() {
  return (
    <div className="ppage">
      <h1>This link cannot be used</h1>
      <p>This personal link is not valid. It may have expired or been replaced by a newer one.</p>
      <p>Please contact your clinic or program team for a new link.</p>
    </div>
  );
}
