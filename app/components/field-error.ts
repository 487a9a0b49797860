import { useTranslation } from "react-i18next";
import type { AppError } from "../domain/result";

/** Translates a service's per-field errors for Mantine inputs' `error` prop. */
export function useFieldErrors(error: AppError | undefined | null) {
  const { t } = useTranslation();
  return (name: string): string | undefined => {
    const field = error?.fields?.[name];
    // biome-ignore lint/suspicious/noExplicitAny: keys come from the domain's validation vocabulary
    return field ? (t as any)(`validation.${field.key}`, field.values ?? {}) : undefined;
  };
}
