import type { ZodError } from "zod";

/** Expected failures are values, never exceptions (see ARCHITECTURE.md, "Rules of the house"). */
export type ErrorCode =
  | "validation"
  | "not_found"
  | "forbidden"
  | "unauthenticated"
  | "conflict"
  | "workshop_closed"
  | "profile_locked"
  | "rate_limited"
  | "unknown_event"
  | "internal";

/** A field error names an i18n key under `validation.` and its interpolation values. */
export type FieldError = { key: string; values?: Record<string, number | string> };

/**
 * Why a command was refused, when the code alone would not tell the user what to do: an i18n key
 * under `errors.reason.` with its interpolation values. Screens show this (or the field errors, or
 * the code's meaning), never `message`, which is English for logs and tests.
 */
export type Reason = { key: string; values?: Record<string, number | string> };

export type AppError = {
  code: ErrorCode;
  /** English, for logs and tests: never shown on a screen (screens translate code, reason, fields). */
  message: string;
  fields?: Record<string, FieldError>;
  reason?: Reason;
};

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });

export const fail = (code: ErrorCode, message: string, fields?: Record<string, FieldError>): { ok: false; error: AppError } => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

/** A refusal with a reason screens can translate (`errors.reason.<key>`). */
export const refuse = (code: ErrorCode, reason: string | Reason, message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message, reason: typeof reason === "string" ? { key: reason } : reason },
});

/** Turns a zod error into per-field i18n keys, so forms can show translated messages. */
export function fieldErrorsFrom(error: ZodError): Record<string, FieldError> {
  const fields: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const name = issue.path.length ? issue.path.join(".") : "_form";
    if (fields[name]) continue;
    fields[name] = describeIssue(issue);
  }
  return fields;
}

function describeIssue(issue: ZodError["issues"][number]): FieldError {
  switch (issue.code) {
    case "too_small":
      if (issue.type === "array") return { key: "pickAtLeast", values: { count: Number(issue.minimum) } };
      return Number(issue.minimum) <= 1 && issue.type === "string"
        ? { key: "required" }
        : { key: "tooShort", values: { min: Number(issue.minimum) } };
    case "too_big":
      return { key: "tooLong", values: { max: Number(issue.maximum) } };
    case "invalid_string":
      return issue.validation === "email" ? { key: "invalidEmail" } : { key: "invalid" };
    case "invalid_enum_value":
    case "invalid_literal":
      return { key: "invalidChoice" };
    case "invalid_type":
      return issue.received === "undefined" || issue.received === "null" ? { key: "required" } : { key: "invalid" };
    case "custom":
      return { key: (issue.params?.key as string | undefined) ?? "invalid" };
    default:
      return { key: "invalid" };
  }
}

export function validationFailure(error: ZodError) {
  return fail("validation", "Some fields are not valid.", fieldErrorsFrom(error));
}
