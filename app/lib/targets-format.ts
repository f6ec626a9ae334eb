// Words and numbers for target figures, shared by the pages and the exports
// so they say the same thing.
import { formatNumber, type Locale, type T } from "~/i18n";
import { formatDate } from "~/lib/dates";
import type { Forecast } from "~/lib/forecast";

export function pct(locale: Locale, value: number) {
  return formatNumber(locale, Math.round(value * 10) / 10, 1);
}

export function forecastMessage(t: T, locale: Locale, f: Forecast, deadline: string): string {
  const perMonth = (perDay: number) => formatNumber(locale, Math.round(perDay * (365.25 / 12) * 10) / 10, 1);
  switch (f.kind) {
    case "reached":
      return t("dash.forecast.reached");
    case "noStaff":
      return t("dash.forecast.noStaff");
    case "pastDeadline":
      return t("dash.forecast.pastDeadline", { count: f.missing });
    case "onTrack":
      return t("dash.forecast.onTrack", { perMonth: perMonth(f.perDay), date: formatDate(f.reachOn) });
    case "tooSlow":
      return t("dash.forecast.tooSlow", { perMonth: perMonth(f.perDay), needed: f.neededPerMonth, deadline: formatDate(deadline) });
  }
}
