// Page titles in the visitor's language (the locale comes from the root loader).
import type { MetaFunction } from "@remix-run/node";
import { isLocale, translate, type MessageKey } from "~/i18n";

export function titled(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
    const locale = isLocale(rootData?.locale) ? rootData.locale : "vi";
    return [{ title: `${translate(locale, key)} — ${translate(locale, "app.name")}` }];
  };
}
