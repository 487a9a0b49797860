import { SegmentedControl } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_NAMES, LANGUAGES, type Language } from "../domain/languages";

/**
 * Switches the interface language for this browser (a cookie) and, on a phone that joined a
 * workshop, remembers it for the participant.
 */
export function LanguageSwitch({ workshopId }: { workshopId?: string }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher();
  const current = (fetcher.formData?.get("language") as Language | null) ?? (i18n.language as Language);
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("language.label")}
      value={current}
      data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
      onChange={(language) =>
        fetcher.submit({ language, ...(workshopId ? { workshopId } : {}) }, { method: "post", action: "/language" })
      }
    />
  );
}
