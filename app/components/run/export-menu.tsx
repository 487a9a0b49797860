import { Alert, Button, Group, Loader, Menu, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EXPORT_FORMATS, type ReportFormat as ExportFormat, formatInfo } from "../../report/format-list";
import { defaultReportLanguage, REPORT_LANGUAGE_NAMES, REPORT_LANGUAGES, type ReportLanguage } from "../../report/languages";

const fileNameOf = (response: Response, fallback: string) =>
  /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallback;

/**
 * The report in every format, from the facilitator's page, while the workshop runs (an interim
 * report) and after it closes. The file is fetched first so the page can say it is being made and
 * show an error instead of a broken download.
 */
export function ExportMenu({
  workshopId,
  interim,
  settings,
}: {
  workshopId: string;
  interim: boolean;
  /** The workshop's settings: its default language, when they have one, is the report's. */
  settings?: unknown;
}) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<ReportLanguage>(() => defaultReportLanguage(settings, i18n.language));
  const [pending, setPending] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(format: ExportFormat) {
    setPending(format);
    setError(null);
    try {
      const response = await fetch(`/workshops/${workshopId}/report/${format}?lang=${language}`, {
        credentials: "same-origin",
      });
      // A session that expired is redirected to the log-in page: say so instead of saving that page.
      if (response.redirected || new URL(response.url).pathname === "/login") throw new Error(t("export.loggedOut"));
      // The server's answer is for logs; the facilitator reads what its status means, in their language.
      if (!response.ok) throw new Error(t(`errors.${codeOfStatus(response.status)}`));
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = fileNameOf(response, `report.${format}`);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      // A network failure's own text (TypeError: Failed to fetch) is the browser's English.
      const message = e instanceof TypeError ? t("errors.reason.noAnswer") : e instanceof Error ? e.message : String(e);
      setError(t("export.failed", { message }));
    } finally {
      setPending(null);
    }
  }

  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-end" withinPortal shadow="md" closeOnItemClick={false}>
        <Menu.Target>
          <Button variant="light" loading={pending !== null} data-testid="export-menu">
            {t("export.button")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{interim ? t("export.interim") : t("export.final")}</Menu.Label>
          {EXPORT_FORMATS.map(({ format }) => (
            <Menu.Item key={format} onClick={() => void download(format)} data-testid={`export-${format}`} closeMenuOnClick>
              {t(`export.formats.${format}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Label>{t("language.label")}</Menu.Label>
          {REPORT_LANGUAGES.map((code) => (
            <Menu.Item
              key={code}
              lang={code}
              onClick={() => setLanguage(code)}
              aria-checked={code === language}
              role="menuitemradio"
              fw={code === language ? 700 : undefined}
              leftSection={<span aria-hidden="true">{code === language ? "✓" : ""}</span>}
              data-testid={`export-lang-${code}`}
            >
              {REPORT_LANGUAGE_NAMES[code]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {pending ? (
        <Group gap={6} wrap="nowrap" role="status" data-testid="export-progress">
          <Loader size="xs" />
          <Text size="sm">
            {formatInfo(pending).slow
              ? t("export.preparingSlow", { format: t(`export.formats.${pending}`) })
              : t("export.preparing", { format: t(`export.formats.${pending}`) })}
          </Text>
        </Group>
      ) : null}
      {error ? (
        <Alert color="red" role="alert" py={4} withCloseButton closeButtonLabel={t("run.dismiss")} onClose={() => setError(null)}>
          {error}
        </Alert>
      ) : null}
    </Group>
  );
}

/** The error code an HTTP status stands for (the report route answers with statusFor's codes). */
function codeOfStatus(status: number) {
  if (status === 400) return "validation" as const;
  if (status === 401) return "unauthenticated" as const;
  if (status === 403) return "forbidden" as const;
  if (status === 404) return "not_found" as const;
  if (status === 429) return "rate_limited" as const;
  return "internal" as const;
}
