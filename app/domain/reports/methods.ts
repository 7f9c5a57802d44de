// The methods note printed with every report: how each number was computed.
import type { PrePostReport } from "./types";

const POPULATION: Record<PrePostReport["population"], string> = {
  enrolled: "every enrolled participant (enrolled, active, completed or withdrawn after enrolling) — intention to treat, complete cases",
  dosed: "enrolled participants dosed at least once (a signed dosing record)",
  completers: "participants who completed the program (completers)",
};

export function methodsNote(r: Omit<PrePostReport, "methods">): string[] {
  const lines: string[] = [];
  lines.push(
    `Population: ${POPULATION[r.population]}; ${r.flow.analysed} participant${r.flow.analysed === 1 ? "" : "s"} after filters${r.filterText.length ? ` (${r.filterText.join("; ")})` : ""}.`,
  );
  lines.push(
    `Pre = “${r.pre.label}” (${r.pre.key}); post = “${r.post.label}” (${r.post.key}). Each measure uses the participants with a valid score at both (paired complete cases); n is shown per row and participants with one timepoint only are counted in the notes.`,
  );
  lines.push(
    "Median and quartiles: R quantile type 7. Mean (SD): sample SD (n − 1). Change = post − pre; its 95% CI is the t interval of the mean difference.",
  );
  lines.push("Paired t-test: two-sided, df = n − 1 (R t.test(post, pre, paired = TRUE)); withheld when every difference is equal (SD 0).");
  lines.push(
    "Wilcoxon signed-rank: differences rounded to 9 decimals, zeros dropped, average ranks for ties; V = sum of the ranks of positive differences. Exact distribution when fewer than 50 non-zero differences and no ties or zeros; otherwise the normal approximation with tie-corrected variance and continuity correction (R wilcox.test, R 4.0–4.5). The method column says which.",
  );
  lines.push("Effect sizes: d_z = mean change ÷ SD of the changes; matched-pairs rank-biserial r = (T+ − T−) ÷ (T+ + T−).");
  lines.push(
    "Responders: improvement of at least the stated points in the scale's better direction (for mean-scored scales compared on integer sums); rate = responders ÷ participants with both timepoints, with a Wilson 95% interval (no continuity correction).",
  );
  lines.push(
    "Reliable change (Jacobson–Truax): RCI = change ÷ (SD_pre · √(2(1 − r))), using this report's baseline SD and the instrument's test–retest reliability shown; reliable when |RCI| > 1.96.",
  );
  lines.push(
    "Trajectories: mean and t-based 95% CI of everyone with a valid score at each timepoint (not only completers); % change is relative to the first timepoint's mean.",
  );
  if (r.profiles)
    lines.push(
      `Burnout profiles (after Leiter & Maslach 2016) use explicit cut-offs: ${r.profiles.cutoffText}; Burnout = all three, Overextended = EX only, Disengaged = CY only, Ineffective = PE only, Engaged = none, any other pattern = Mixed.`,
    );
  if (r.eligibility)
    lines.push(
      `Eligibility rule (${r.eligibility.ruleText}) evaluated at baseline and post over participants with the instrument at both.`,
    );
  if (r.meq.length)
    lines.push(
      "MEQ-30: factor means (0–5) per dosing timepoint; complete mystical experience = every factor ≥ 60% of its maximum (Barrett 2015), with a Wilson 95% interval.",
    );
  lines.push(
    "Safety: adverse events of the analysed participants by grade and seriousness; per dosing session, the share of participants dosed at that session with at least one AE (any, related, serious).",
  );
  lines.push(
    "Age bands use age at the cohort start date; route is the route of the participant's signed dosing records (Mixed when more than one). Date filters select cohorts by start date.",
  );
  lines.push(
    "Undefined quantities (n < 2, SD 0, every difference zero) are shown as “—” with the reason in the notes; nothing is imputed.",
  );
  return lines;
}
