import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireFacilitator } from "../auth.server";
import { tooMany } from "../config/rate-limits.server";
import { formatInfo, isReportFormat, REPORT_FORMAT_NAMES, reportFileName } from "../report/format-list";
import { REPORT_LANGUAGES } from "../report/languages";
import { parseReportQuery } from "../report/query";
import { statusFor } from "../utils/http";

/**
 * GET /workshops/<id>/report/<format>?lang=<en|hu|lt|sl>: the report as a download, in that
 * language (English when none is asked), for the workshop's facilitators, at any moment (an
 * interim report while the workshop is live).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const allowed = await context.limits.take("report", context.clientAddress);
  if (!allowed.ok) return tooMany(allowed.retryAfterSeconds);
  const format = params.format ?? "";
  if (!isReportFormat(format))
    return new Response(`Unknown format "${format.slice(0, 20)}". Available: ${REPORT_FORMAT_NAMES.join(", ")}.`, {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const query = parseReportQuery(request.url);
  if (!query.success)
    return new Response(`Unknown language. Available: ${REPORT_LANGUAGES.join(", ")}.`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const { lang } = query.data;
  const model = await context.services.reports.model(actor, params.workshopId ?? "");
  if (!model.ok)
    return new Response(model.error.message, {
      status: statusFor(model.error),
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  let body: Buffer;
  try {
    body = await context.renderReport(model.data, format, lang);
  } catch (error) {
    console.error(`report ${format} of ${model.data.title.workshop} failed`, error);
    return new Response("The report could not be made; nothing was changed. Try another format, or again.", {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const name = reportFileName(model.data, format, lang);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": formatInfo(format).mime,
      "Content-Disposition": `attachment; filename="${name}"`,
      "Content-Length": String(body.length),
      "Content-Language": lang,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
