import { useTranslation } from "react-i18next";
import type { AppError } from "../domain/result";
import { errorText, fieldErrorText, formErrorText } from "../i18n/error-text";

/** Translates a service's per-field errors for Mantine inputs' `error` prop. */
export function useFieldErrors(error: AppError | undefined | null) {
  const { t } = useTranslation();
  return (name: string): string | undefined => {
    const field = error?.fields?.[name];
    return field ? fieldErrorText(t, field) : undefined;
  };
}

/** One translated sentence for a refusal (errorText): its reason, its first field error, or its code's meaning. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: Pick<AppError, "code" | "fields" | "reason">): string => errorText(t, error);
}

/** The banner above a form that marks `shown` fields itself (formErrorText): never a field's error twice. */
export function useFormErrorText(shown: readonly string[]) {
  const { t } = useTranslation();
  return (error: Pick<AppError, "code" | "fields" | "reason">): string => formErrorText(t, error, shown);
}

/**
 * As useErrorText, for a screen with refusals of its own: a reason under `<section>.reason.` (the
 * team's, the account's) comes first, then the shared reasons and codes.
 */
export function useErrorTextIn(section: "team" | "account") {
  const { t } = useTranslation();
  return (error: Pick<AppError, "code" | "fields" | "reason">): string => {
    const shared = errorText(t, error);
    if (!error.reason) return shared;
    return (t as unknown as (key: string, options: Record<string, unknown>) => string)(`${section}.reason.${error.reason.key}`, {
      ...error.reason.values,
      defaultValue: shared,
    });
  };
}
