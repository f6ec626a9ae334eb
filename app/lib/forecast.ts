// When will a province reach its training target? A straight line through
// the last 90 days: people trained (net: people who left or whose
// certificates expired count against it) per day, carried forward from the
// date asked about. Pure, so it can be tested on a constructed history.

export interface ForecastInput {
  /** The date the figures are for (yyyy-mm-dd). */
  asOf: string;
  deadline: string;
  /** Target share, 0–100. */
  percent: number;
  inScope: number;
  trained: number;
  /** Trained people 90 days before `asOf` (0 before the target started). */
  trainedBefore: number;
  windowDays?: number;
}

export type Forecast =
  | { kind: "reached" }
  | { kind: "noStaff" }
  | { kind: "pastDeadline"; missing: number }
  | { kind: "onTrack"; reachOn: string; perDay: number; missing: number }
  | { kind: "tooSlow"; perDay: number; missing: number; neededPerMonth: number; reachOn: string | null };

const DAY = 86_400_000;
const DAYS_PER_MONTH = 365.25 / 12;

function toTime(iso: string) {
  return Date.parse(iso + "T00:00:00Z");
}

export function addDays(iso: string, days: number): string {
  return new Date(toTime(iso) + days * DAY).toISOString().slice(0, 10);
}

/** People still to train so that trained ÷ inScope ≥ percent. */
export function missingPeople(percent: number, inScope: number, trained: number): number {
  // Rounded to cents of a person first so 50% of 10 needs 5, not 5.000000001.
  const needed = Math.ceil(Math.round(((percent * inScope) / 100) * 100) / 100);
  return Math.max(0, needed - trained);
}

export function forecast(input: ForecastInput): Forecast {
  const window = input.windowDays ?? 90;
  if (input.inScope === 0) return { kind: "noStaff" };
  const missing = missingPeople(input.percent, input.inScope, input.trained);
  if (missing === 0) return { kind: "reached" };
  const daysLeft = (toTime(input.deadline) - toTime(input.asOf)) / DAY;
  if (daysLeft < 0) return { kind: "pastDeadline", missing };
  const perDay = (input.trained - input.trainedBefore) / window;
  // At least a month, so a deadline a few days away asks for a real pace.
  const neededPerMonth = Math.ceil(missing / Math.max(daysLeft / DAYS_PER_MONTH, 1));
  if (perDay <= 0) return { kind: "tooSlow", perDay: Math.max(perDay, 0), missing, neededPerMonth, reachOn: null };
  const reachOn = addDays(input.asOf, Math.ceil(missing / perDay));
  if (reachOn <= input.deadline) return { kind: "onTrack", reachOn, perDay, missing };
  return { kind: "tooSlow", perDay, missing, neededPerMonth, reachOn };
}
