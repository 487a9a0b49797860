import { Badge, Card, Group, Progress, Stack, Text, Title, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../domain/contributions";
import { HELICES, HELIX_COLORS } from "../domain/helix";
import { endorsementTotal, type Priority, type RecommendationView } from "../domain/recommendations";
import { useFormat } from "../i18n/format";

/** Priority colours with white text at AA contrast, apart from the helix colours. */
export const PRIORITY_COLOR: Record<Priority, string> = { high: "#c92a2a", medium: "#8f5b00", low: "#495057" };

export function PriorityBadge({ priority, size = "sm" }: { priority: Priority; size?: "sm" | "lg" | "xl" }) {
  const { t } = useTranslation();
  return (
    <Badge color={PRIORITY_COLOR[priority]} size={size} variant="filled" data-testid="priority">
      {t(`recommendations.priority.${priority}`)}
    </Badge>
  );
}

/** Endorsements by helix: one stacked bar in helix colours and the count of each helix beside it. */
export function EndorsementBar({ rec, size = "md" }: { rec: RecommendationView; size?: "md" | "xl" }) {
  const { t } = useTranslation();
  const total = endorsementTotal(rec.endorsements);
  return (
    <Stack gap={4} data-testid="endorsements">
      <Text size={size === "xl" ? "xl" : "sm"} fw={600}>
        {t("recommendations.endorsedBy", { count: total })}
      </Text>
      {total > 0 ? (
        <Progress.Root size={size === "xl" ? 24 : 12} aria-hidden>
          {HELICES.filter((h) => rec.endorsements[h] > 0).map((h) => (
            <Tooltip key={h} label={`${t(`helix.${h}.name`)}: ${rec.endorsements[h]}`}>
              <Progress.Section value={(rec.endorsements[h] / total) * 100} color={HELIX_COLORS[h]} />
            </Tooltip>
          ))}
        </Progress.Root>
      ) : null}
      <Group gap="sm" wrap="wrap">
        {HELICES.map((h) => (
          <Text key={h} size={size === "xl" ? "lg" : "xs"} data-testid={`endorsements-${h}`}>
            <span
              aria-hidden
              style={{
                display: "inline-block",
                width: "0.7em",
                height: "0.7em",
                borderRadius: 2,
                background: HELIX_COLORS[h],
                marginRight: 4,
              }}
            />
            {t(`helix.${h}.name`)}: <strong>{rec.endorsements[h]}</strong>
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

/**
 * One recommendation as every screen shows it: priority, title, details, who acts and by when,
 * what it was drafted from, and its endorsements by helix. `actions` holds the screen's own buttons.
 */
export function RecommendationCard({
  rec,
  contributions,
  size = "md",
  actions,
}: {
  rec: RecommendationView;
  contributions: readonly ContributionView[];
  size?: "md" | "xl";
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const big = size === "xl";
  const linked = rec.linkedIds.flatMap((id) => contributions.find((c) => c.id === id && c.status === "visible") ?? []);
  const owner = rec.owner.kind === "helix" ? t(`helix.${rec.owner.helix}.name`) : rec.owner.name;
  return (
    <Card withBorder padding={big ? "xl" : "md"} data-testid="recommendation">
      <Stack gap={big ? "sm" : 6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="xs" align="center" wrap="wrap">
            <PriorityBadge priority={rec.priority} size={big ? "xl" : "sm"} />
            <Title order={3} size={big ? "h2" : "h5"} id={`recommendation-${rec.id}`} data-testid="recommendation-title">
              {rec.title}
            </Title>
          </Group>
          {actions}
        </Group>
        {rec.body ? (
          <Text size={big ? "xl" : "sm"} style={{ whiteSpace: "pre-wrap" }}>
            {rec.body}
          </Text>
        ) : null}
        <Group gap="lg" wrap="wrap">
          <Text size={big ? "lg" : "sm"} data-testid="recommendation-owner">
            {t("recommendations.owner")}: <strong>{owner}</strong>
          </Text>
          <Text size={big ? "lg" : "sm"} data-testid="recommendation-deadline">
            {t("recommendations.deadline")}:{" "}
            <strong>{rec.deadline ? format.date(rec.deadline) : t("recommendations.noDeadline")}</strong>
          </Text>
        </Group>
        {linked.length ? (
          <Text size={big ? "md" : "xs"} c="dimmed">
            {t("recommendations.from")}: {linked.map((c) => t("app.quoted", { text: c.title })).join(", ")}
          </Text>
        ) : null}
        <EndorsementBar rec={rec} size={size} />
      </Stack>
    </Card>
  );
}
