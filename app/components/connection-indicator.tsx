import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConnectionStatus } from "../realtime/use-workshop-live";

const COLOR: Record<ConnectionStatus, string> = { online: "green", connecting: "yellow", offline: "red" };

/**
 * Tells the person whether what they see is live; announced to screen readers when it changes.
 * Never wider than its column: a long status ("Nincs kapcsolat — újrakapcsolódás") wraps inside
 * the badge instead of pushing a 360 px phone sideways.
 */
export function ConnectionIndicator({ status, size = "lg" }: { status: ConnectionStatus; size?: "md" | "lg" }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={COLOR[status]}
      variant="dot"
      size={size}
      role="status"
      aria-live="polite"
      data-testid="connection"
      data-status={status}
      maw="100%"
      styles={{
        root: { height: "auto", minHeight: "var(--badge-height)", paddingBlock: 2 },
        label: { whiteSpace: "normal", overflowWrap: "break-word", textAlign: "start" },
      }}
    >
      {t(`connection.${status}`)}
    </Badge>
  );
}
