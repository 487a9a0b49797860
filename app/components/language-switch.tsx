import { SegmentedControl } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_NAMES, LANGUAGES, type Language } from "../domain/languages";

/**
 * Switches the interface language for this browser (a cookie) and, on a phone that joined a
 * workshop, remembers it for the participant. Each language is named in its own words; a
 * workshop's phones offer only the workshop's languages.
 */
export function LanguageSwitch({ workshopId, languages = LANGUAGES }: { workshopId?: string; languages?: readonly Language[] }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher();
  const current = (fetcher.formData?.get("language") as Language | null) ?? (i18n.language as Language);
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("language.label")}
      value={current}
      data={languages.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
      onChange={(language) =>
        fetcher.submit({ language, ...(workshopId ? { workshopId } : {}) }, { method: "post", action: "/language" })
      }
    />
  );
}
