// Vietnamese is the default locale; English the second. Dictionaries are typed:
// en.ts must have every key vi.ts has, so a missing translation fails typecheck.
import { vi, type Messages } from "./vi";
import { en } from "./en";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageKey = keyof Messages;
export type Params = Record<string, string | number>;

const dictionaries: Record<Locale, Messages> = { vi, en };

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key] ?? vi[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in params ? (typeof params[name] === "number" ? formatNumber(locale, params[name] as number) : String(params[name])) : `{${name}}`,
  );
}

export type T = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}

// Building an Intl.NumberFormat costs far more than using one (it was 9 ms of
// a dashboard request with a few hundred numbers): one per locale and precision.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** 1.234.567,5 in Vietnamese; 1,234,567.5 in English. */
export function formatNumber(locale: Locale, value: number, fractionDigits = 1): string {
  const key = `${locale}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}
