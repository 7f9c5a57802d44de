/**
 * Dose orders: a prescriber orders each participant's dose for a dosing session (mg, or mg/kg
 * converted at a weight), by route, with an optional repeat (top-up) rule. The administration
 * must match the order in force: a different dose or route is refused with what was ordered
 * and by whom, until a prescriber amends the order (a new signed version). All arithmetic is
 * exact (decimal.ts): 0.5 mg/kg at 80.5 kg is 40.25 mg, never 40.249999….
 */
import { divideRoundHalfAwayFromZero, formatScaled, parseDecimal, pow10 } from "./decimal";
import { type DosingRoute, type MgPerKgRangesByRoute, DOSING_ROUTE_LABELS, checkDoseRange } from "./dosing";
import { formatMg, mgToUg } from "./ledger";
import { type Outcome, refuse, succeed } from "./result";

export const DOSE_ORDER_UNITS = ["MG", "MG_PER_KG"] as const;
export type DoseOrderUnit = (typeof DOSE_ORDER_UNITS)[number];

/** What a prescriber ordered (one version of the order). */
export interface DoseOrderTerms {
  unit: DoseOrderUnit;
  /** As written: mg for MG, mg/kg for MG_PER_KG (a decimal string or number). */
  amount: string | number;
  /** The weight the order was written at (kg); required for an mg/kg order. */
  weightKg: number | null;
  route: DosingRoute;
  /** "May repeat once, X mg, after ≥ N min" (null: no repeat). */
  repeat: { doseMg: number; afterMinutes: number } | null;
  /** The prescriber's name as signed, for messages. */
  prescriberName: string;
}

/** mg/kg × kg in mg, exact, rounded to the ledger's micrograms (3 decimals, halves away from zero). */
export function mgFromMgPerKg(mgPerKg: number | string, weightKg: number | string): number {
  const rate = parseDecimal(mgPerKg);
  const weight = parseDecimal(weightKg);
  if (rate.units <= 0n || weight.units <= 0n) throw new RangeError("mg/kg and weight must be positive");
  // rate.units × weight.units / 10^(rate.scale + weight.scale), to 10^-3 mg
  const ug = divideRoundHalfAwayFromZero(rate.units * weight.units * 1000n, pow10(rate.scale + weight.scale));
  return Number(formatScaled(ug, 3));
}

/** The mg the order calls for at a weight (an mg order ignores the weight). */
export function orderedMg(order: Pick<DoseOrderTerms, "unit" | "amount" | "weightKg">, weightKg?: number | null): number {
  if (order.unit === "MG") return Number(parseDecimalText(order.amount));
  const at = weightKg ?? order.weightKg;
  if (!at) throw new RangeError("An mg/kg order needs a weight");
  return mgFromMgPerKg(order.amount, at);
}

function parseDecimalText(v: string | number): string {
  const d = parseDecimal(v);
  return formatScaled(d.units, d.scale);
}

const mgText = (mg: number) => formatMg(mgToUg(mg));
const routeShort = (route: DosingRoute) => (route === "IM" || route === "IV" ? route : DOSING_ROUTE_LABELS[route].toLowerCase());

/**
 * The order in words: "35 mg IM", or "0.5 mg/kg IM (40 mg at 80 kg)" — the mg at `weightKg`
 * when given (the weight on the dosing record), else at the order's weight.
 */
export function describeOrderDose(order: Omit<DoseOrderTerms, "prescriberName" | "repeat">, weightKg?: number | null): string {
  if (order.unit === "MG") return `${mgText(orderedMg(order))} mg ${routeShort(order.route)}`;
  const at = weightKg ?? order.weightKg;
  const base = `${parseDecimalText(order.amount)} mg/kg ${routeShort(order.route)}`;
  return at ? `${base} (${mgText(orderedMg(order, at))} mg at ${parseDecimalText(at)} kg)` : base;
}

/** The repeat rule in words, or null. */
export function describeRepeat(repeat: DoseOrderTerms["repeat"]): string | null {
  return repeat ? `may repeat once, ${mgText(repeat.doseMg)} mg, at least ${repeat.afterMinutes} min after the dose` : null;
}

export type OrderComparison = { ok: true } | { ok: false; field: "doseMg" | "route"; message: string };

/**
 * The administration against the order in force: the same route, and exactly the ordered mg
 * (for an mg/kg order, at the weight recorded with the dose). Otherwise the refusal names the
 * order, its prescriber, and what an amendment would have to say.
 */
export function compareWithOrder(order: DoseOrderTerms, given: { doseMg: number; weightKg: number; route: DosingRoute }): OrderComparison {
  const ordered = describeOrderDose(order, given.weightKg);
  if (given.route !== order.route)
    return {
      ok: false,
      field: "route",
      message: `Ordered ${ordered} by ${order.prescriberName}; amend the order to give it ${routeShort(given.route)}`,
    };
  if (mgToUg(orderedMg(order, given.weightKg)) !== mgToUg(given.doseMg))
    return {
      ok: false,
      field: "doseMg",
      message: `Ordered ${ordered} by ${order.prescriberName}; amend the order to give ${mgText(given.doseMg)} mg`,
    };
  return { ok: true };
}

/** The message when a session uses orders and this participant has none. */
export const NO_ORDER_MESSAGE = "No order for this participant — a prescriber must order first";

/**
 * A repeat (top-up) dose against the order's rule: allowed once, of the ordered mg, by the
 * ordered route, at least N minutes after the first dose.
 */
export function checkRepeatDose(
  order: DoseOrderTerms,
  dose: { firstGivenAt: Date; at: Date; doseMg: number; route: DosingRoute; earlierRepeats: number },
): Outcome<true> {
  const rule = order.repeat;
  if (!rule) return refuse(`The order by ${order.prescriberName} allows no repeat dose; a prescriber must amend it`);
  if (dose.earlierRepeats >= 1) return refuse(`The order allows one repeat dose and it has been given`);
  if (dose.route !== order.route)
    return refuse(`The repeat is ordered ${routeShort(order.route)}; amend the order to give it ${routeShort(dose.route)}`);
  if (mgToUg(dose.doseMg) !== mgToUg(rule.doseMg))
    return refuse(`The repeat is ordered as ${mgText(rule.doseMg)} mg; amend the order to give ${mgText(dose.doseMg)} mg`);
  const minutes = (dose.at.getTime() - dose.firstGivenAt.getTime()) / 60_000;
  if (minutes < rule.afterMinutes)
    return refuse(
      `The repeat may be given ${rule.afterMinutes} min or more after the first dose; it is ${Math.floor(minutes)} min after it`,
    );
  return succeed(true);
}

/** How an order differs from the program's protocol: each item needs the prescriber's reason. */
export interface OrderProtocolCheck {
  /** Sentences for the reason box ("Sublingual / lozenge is not this session's planned route (IM)"). */
  deviations: string[];
  /** Outside the program's mg/kg range for the route: a prescriber's override, raising a DOSE_OUT_OF_RANGE signal. */
  outOfRange: string | null;
}

/**
 * The order against the protocol: the session's planned route (when it has one), a program
 * range for the route, and the dose inside that range at the order's weight.
 */
export function checkOrderAgainstProtocol(
  order: Omit<DoseOrderTerms, "prescriberName" | "repeat">,
  protocol: { sessionRoute: DosingRoute | null; ranges: MgPerKgRangesByRoute },
): OrderProtocolCheck {
  const deviations: string[] = [];
  if (protocol.sessionRoute && protocol.sessionRoute !== order.route)
    deviations.push(
      `${DOSING_ROUTE_LABELS[order.route]} is not this session's planned route (${DOSING_ROUTE_LABELS[protocol.sessionRoute]})`,
    );
  const range = protocol.ranges[order.route];
  if (!range) {
    deviations.push(`The program has no dose range for ${DOSING_ROUTE_LABELS[order.route]}`);
    return { deviations, outOfRange: null };
  }
  if (!order.weightKg) {
    deviations.push("No weight: the dose cannot be checked against the program's mg/kg range");
    return { deviations, outOfRange: null };
  }
  const check = checkDoseRange({ doseMg: orderedMg(order), weightKg: order.weightKg, route: order.route }, protocol.ranges);
  const outOfRange = check.level === "below" || check.level === "above" ? check.message! : null;
  if (outOfRange) deviations.push(outOfRange);
  return { deviations, outOfRange };
}
