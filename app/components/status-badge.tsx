import { Badge, type BadgeProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { WorkshopStatus } from "../domain/schemas";

/** Status colours dark enough for white text at AA contrast (Mantine's green.7 is 2.7:1). */
const STATUS_COLOR: Record<WorkshopStatus, string> = { draft: "gray.7", live: "#1e7b34", closed: "dark" };

export function WorkshopStatusBadge({ status, ...props }: { status: WorkshopStatus } & Omit<BadgeProps, "color" | "children">) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} {...props}>
      {t(`status.${status}`)}
    </Badge>
  );
}
