import { describe, expect, it } from "vitest";
import { addDays, forecast, missingPeople } from "~/lib/forecast";

// A constructed history: 200 people in scope, 60 trained 90 days ago, 78 now
// (18 in 90 days = 0.2 a day), target 50% → 100 needed, 22 missing.
const base = { asOf: "2025-06-30", deadline: "2025-12-31", percent: 50, inScope: 200, trained: 78, trainedBefore: 60 };

describe("forecast", () => {
  it("counts the people still missing, rounding up", () => {
    expect(missingPeople(50, 200, 78)).toBe(22);
    expect(missingPeople(50, 10, 5)).toBe(0);
    expect(missingPeople(50, 11, 5)).toBe(1);
    expect(missingPeople(33.33, 3, 0)).toBe(1);
    expect(missingPeople(0, 50, 0)).toBe(0);
  });

  it("projects the last 90 days' pace to a date before the deadline", () => {
    const f = forecast(base);
    expect(f.kind).toBe("onTrack");
    if (f.kind !== "onTrack") return;
    expect(f.perDay).toBeCloseTo(0.2);
    expect(f.reachOn).toBe(addDays("2025-06-30", 110));
    expect(f.missing).toBe(22);
  });

  it("says the pace is too slow and gives the monthly pace needed", () => {
    const f = forecast({ ...base, trainedBefore: 75 }); // 3 in 90 days
    expect(f.kind).toBe("tooSlow");
    if (f.kind !== "tooSlow") return;
    expect(f.reachOn! > base.deadline).toBe(true);
    // 22 people over 184 days ≈ 6.05 months → 4 a month.
    expect(f.neededPerMonth).toBe(4);
  });

  it("handles a zero or negative pace", () => {
    const zero = forecast({ ...base, trainedBefore: 78 });
    expect(zero).toMatchObject({ kind: "tooSlow", perDay: 0, reachOn: null, neededPerMonth: 4 });
    const negative = forecast({ ...base, trainedBefore: 90 });
    expect(negative).toMatchObject({ kind: "tooSlow", perDay: 0, reachOn: null });
  });

  it("reports a target already reached, past deadlines and empty rosters", () => {
    expect(forecast({ ...base, trained: 100 }).kind).toBe("reached");
    expect(forecast({ ...base, asOf: "2026-01-05" })).toEqual({ kind: "pastDeadline", missing: 22 });
    expect(forecast({ ...base, asOf: "2026-01-05", trained: 120 }).kind).toBe("reached");
    expect(forecast({ ...base, inScope: 0, trained: 0 }).kind).toBe("noStaff");
  });

  it("asks for at least a month's pace when the deadline is days away", () => {
    const f = forecast({ ...base, asOf: "2025-12-29", trainedBefore: 78 });
    expect(f).toMatchObject({ kind: "tooSlow", neededPerMonth: 22 });
  });
});
