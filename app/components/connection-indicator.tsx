import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConnectionStatus } from "../realtime/use-workshop-live";

const COLOR: Record<ConnectionStatus, string> = { online: "green", connecting: "yellow", offline: "red" };

/** Tells the person whether what they see is live; announced to screen readers when it changes. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={COLOR[status]}
      variant="dot"
      size="lg"
      role="status"
      aria-live="polite"
      data-testid="connection"
      data-status={status}
    >
      {t(`connection.${status}`)}
    </Badge>
  );
}
