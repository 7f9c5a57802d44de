import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ConsentStanding } from "~/domain/consent";
import { ENROLLMENT_TRANSITIONS, type EnrollmentStatus } from "~/domain/scheduling";
import { EnrollmentActions, enrollmentActionsHtml } from "./EnrollmentActions";

const STATUSES = Object.keys(ENROLLMENT_TRANSITIONS) as EnrollmentStatus[];
const CONSENTS: (ConsentStanding | null | undefined)[] = [undefined, null, "CONSENTED", "NOT_SIGNED", "AWAITING_COUNTERSIGNATURE"];

describe("enrollmentActionsHtml", () => {
  it("is what React renders for every status, consent standing, seat and waitlist choice when no reply answers a step", () => {
    let compared = 0;
    for (const status of STATUSES)
      for (const consent of CONSENTS)
        for (const consentDate of [null, "2031-02-03"])
          for (const seatFree of [true, false])
            for (const allowWaitlistEnroll of [true, false]) {
              const props = {
                enrollment: { id: `enr-${status}`, version: 7, status, consentDate, consent },
                who: `Dana O'Brien <"D">`,
                seatFree,
                today: "2031-03-04",
                allowWaitlistEnroll,
                action: "/cohorts/c1/roster?index&x=1",
              };
              const react = renderToStaticMarkup(createElement(EnrollmentActions, { ...props, reply: undefined }));
              expect(enrollmentActionsHtml(props).__html, `${status} ${consent} ${consentDate} ${seatFree} ${allowWaitlistEnroll}`).toBe(
                react,
              );
              compared++;
            }
    expect(compared).toBe(STATUSES.length * 40);
  });

  it("keeps the name text and every value quoted (no markup from a person's name)", () => {
    const out = enrollmentActionsHtml({
      enrollment: { id: `e"1`, version: 1, status: "ACTIVE", consentDate: null },
      who: `<img src=x onerror="alert(1)">`,
      seatFree: true,
      today: "2031-03-04",
      action: "/r",
    }).__html;
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(out).toContain(`value="e&quot;1"`);
  });
});
