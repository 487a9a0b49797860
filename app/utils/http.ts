import type { AppError, ErrorCode } from "../domain/result";

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  workshop_closed: 410,
  profile_locked: 409,
  rate_limited: 429,
  unknown_event: 400,
  internal: 500,
};

/** The HTTP status a service's expected failure maps to. */
export const statusFor = (error: AppError) => STATUS[error.code];

/**
 * Form data as a plain object for zod: repeated names (checkbox groups) become arrays,
 * every other field stays a single string.
 */
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = arrays.includes(key) ? values : (values[0] ?? "");
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/** Only same-site paths may be redirect targets (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  return to;
}

/**
 * The request's form, or a 400 that says what a form must be: a body that is not a form (JSON,
 * plain text, no content type, broken multipart) is the sender's mistake, never a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type))
    throw new Response("Send this as a form (application/x-www-form-urlencoded or multipart/form-data).", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  try {
    return await request.formData();
  } catch {
    throw new Response("This form could not be read.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
