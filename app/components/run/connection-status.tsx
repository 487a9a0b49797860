import { Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConnectionStatus } from "../../realtime/use-workshop-live";

/** Dot colours at ≥ 3:1 against white (a graphic), apart from the workshop status badge. */
const DOT: Record<ConnectionStatus, string> = { online: "#2b8a3e", connecting: "#e67700", offline: "#c92a2a" };

/**
 * Whether the facilitator's page is connected, as plain text beside a dot: the only badge in the
 * header is the workshop's status, so a connected page never shows a second "Live".
 */
export function ConnectionStatusNote({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <Group
      gap={6}
      wrap="nowrap"
      role="status"
      aria-live="polite"
      title={t("run.connectionHint")}
      data-testid="connection"
      data-status={status}
    >
      <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: DOT[status], flexShrink: 0 }} />
      <Text size="sm" fw={status === "online" ? 400 : 700} c={status === "offline" ? "red.9" : undefined}>
        {t(`run.connection.${status}`)}
      </Text>
    </Group>
  );
}
