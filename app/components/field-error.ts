import { useTranslation } from "react-i18next";
import type { AppError, FieldError } from "../domain/result";

/** Translates one field error (an i18n key under `validation.` with its values). */
function useTranslateField() {
  const { t } = useTranslation();
  // The keys come from the domain's validation vocabulary, so they are not known to the type system.
  const translate = t as unknown as (key: string, values?: Record<string, unknown>) => string;
  return (field: FieldError) => translate(`validation.${field.key}`, field.values ?? {});
}

/** Translates a service's per-field errors for Mantine inputs' `error` prop. */
export function useFieldErrors(error: AppError | undefined | null) {
  const translateField = useTranslateField();
  return (name: string): string | undefined => {
    const field = error?.fields?.[name];
    return field ? translateField(field) : undefined;
  };
}

/**
 * One sentence for a refusal: the first field error if there is one, the service's own words for a
 * conflict (they say what to do), else the translated meaning of the error code.
 */
export function useErrorText() {
  const { t } = useTranslation();
  const translateField = useTranslateField();
  return (error: AppError): string => {
    const field = error.fields ? Object.values(error.fields)[0] : undefined;
    if (field) return translateField(field);
    return error.code === "conflict" ? error.message : t(`errors.${error.code}`);
  };
}
