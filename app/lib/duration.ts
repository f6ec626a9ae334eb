import type { T } from "~/i18n";

/** 95 → "1 giờ 35 phút"; 40 → "40 phút". */
export function formatMinutes(t: T, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t("time.hoursMinutes", { h, m }) : t("time.minutes", { m });
}
