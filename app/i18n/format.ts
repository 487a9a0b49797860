import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** A calendar date as stored ("2024-11-14"), read as that day wherever the screen is. */
const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isDay = (iso: string) => /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(dayOf(iso).getTime());

/**
 * Numbers, scores, dates and lists written the way the interface language writes them (decimal
 * comma in Hungarian, "14 nov. 2024", "A, B és C"): one set of Intl formatters per language. The
 * server and the browser format with the same language, so hydration matches.
 */
export function formatters(language: string) {
  const integer = new Intl.NumberFormat(language);
  const score = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  const list = new Intl.ListFormat(language, { type: "conjunction" });
  const date = (iso: string) => (isDay(iso) ? day.format(dayOf(iso)) : iso);
  return {
    number: (n: number) => integer.format(n),
    /** A score or points per person: at most two decimals. */
    score: (n: number) => score.format(Math.round(n * 100) / 100),
    /** A stored calendar date ("2024-11-14"); anything else is shown as it is. */
    date,
    /** First and last day of a workshop; either may be missing. */
    dateRange(from: string | null | undefined, to: string | null | undefined): string | null {
      if (from && to && from !== to && isDay(from) && isDay(to)) return day.formatRange(dayOf(from), dayOf(to));
      const one = from || to;
      return one ? date(one) : null;
    },
    list: (items: readonly string[]) => list.format(items),
  };
}

export type Formatters = ReturnType<typeof formatters>;

/** The formatters of the page's language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formatters(i18n.language), [i18n.language]);
}
