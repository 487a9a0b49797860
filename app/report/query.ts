import { z } from "zod";
import { REPORT_LANGUAGES } from "./languages";

/** The report download's query string: `?lang=<en|hu|lt|sl>`, English when absent. */
export const reportQuerySchema = z.object({ lang: z.enum(REPORT_LANGUAGES).default("en") });

/** The query of a report URL, parsed; an unknown language (or a repeated one) is a failure, never a guess. */
export function parseReportQuery(url: string) {
  const params = new URL(url).searchParams;
  if (params.getAll("lang").length > 1) return { success: false as const };
  return reportQuerySchema.safeParse(Object.fromEntries(params));
}
