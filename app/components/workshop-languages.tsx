import { Checkbox, Group, NativeSelect, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGE_NAMES, LANGUAGES, type Language } from "../domain/languages";

/**
 * The languages a workshop's phones and projector offer, and the one they start in: fields of
 * the create form and of the workshop page's language settings (names `languages`, `defaultLanguage`).
 */
export function WorkshopLanguageFields({
  languages,
  defaultLanguage,
  error,
}: {
  languages: readonly Language[];
  defaultLanguage: Language;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Checkbox.Group
        label={t("languages.offered")}
        description={t("languages.offeredHint")}
        defaultValue={[...languages]}
        error={error("languages")}
      >
        <Group gap="md" mt="xs">
          {LANGUAGES.map((language) => (
            <Checkbox key={language} value={language} name="languages" label={LANGUAGE_NAMES[language]} lang={language} />
          ))}
        </Group>
      </Checkbox.Group>
      <NativeSelect
        name="defaultLanguage"
        label={t("languages.default")}
        description={t("languages.defaultHint")}
        defaultValue={defaultLanguage}
        data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
        error={error("defaultLanguage")}
      />
    </Stack>
  );
}
