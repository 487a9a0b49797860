import type { TFunction } from "i18next";
import type { AppError, ErrorCode, FieldError, Reason } from "../domain/result";

/** Any translation function: the keys below come from the domain's vocabulary, not known to the type system. */
type Translate = (key: string, values?: Record<string, unknown>) => string;
const loose = (t: TFunction | Translate) => t as unknown as Translate;

/** One field error (an i18n key under `validation.`), translated. */
export function fieldErrorText(t: TFunction | Translate, field: FieldError): string {
  return loose(t)(`validation.${field.key}`, field.values ?? {});
}

/** The translated meaning of an error code (`errors.<code>`). */
export function codeText(t: TFunction | Translate, code: ErrorCode): string {
  return loose(t)(`errors.${code}`);
}

/** A refusal's reason (`errors.reason.<key>`), or the code's meaning when the key is unknown. */
function reasonText(t: TFunction | Translate, reason: Reason, code: ErrorCode): string {
  return loose(t)(`errors.reason.${reason.key}`, { ...reason.values, defaultValue: codeText(t, code) });
}

/**
 * One sentence for a service's refusal, in the screen's language: its reason if it gives one,
 * else its first field error, else the meaning of its code. Never `error.message` (English, for
 * logs): every screen that shows an error goes through here or through the field errors.
 */
export function errorText(t: TFunction | Translate, error: Pick<AppError, "code" | "fields" | "reason">): string {
  return formErrorText(t, error, []);
}

/**
 * The banner above a form whose inputs show their own errors (`shown`: the field names it marks).
 * As errorText, except that a field error the form already shows beside its input is not repeated
 * ("Required." twice, the banner not saying where): the banner says a field needs attention, and
 * names only errors the form has no place for.
 */
export function formErrorText(
  t: TFunction | Translate,
  error: Pick<AppError, "code" | "fields" | "reason">,
  shown: readonly string[],
): string {
  if (error.reason) return reasonText(t, error.reason, error.code);
  const fields = Object.entries(error.fields ?? {});
  const unshown = fields.find(([name]) => !shown.includes(name));
  if (unshown) return fieldErrorText(t, unshown[1]);
  return codeText(t, fields.length > 0 ? "validation" : error.code);
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "validation",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "workshop_closed",
  429: "rate_limited",
};

/** What an HTTP error page says, by status (a thrown Response's body is for logs, not for the page). */
export function statusText(t: TFunction | Translate, status: number): string {
  return codeText(t, CODE_BY_STATUS[status] ?? "internal");
}
