// Small hooks shared by route components.
import { useRouteLoaderData } from "@remix-run/react";
import { translator, type Locale, type T } from "./i18n";
import type { loader as rootLoader } from "./root";

export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}

export function useLocale(): Locale {
  return useRootData()?.locale ?? "vi";
}

export function useT(): T {
  return translator(useLocale());
}
