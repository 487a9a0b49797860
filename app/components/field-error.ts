import { useTranslation } from "react-i18next";
import type { AppError } from "../domain/result";
import { errorText, fieldErrorText } from "../i18n/error-text";

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
