import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../domain/contributions";
import { HelixBadge } from "./helix";

/** One challenge or solution: its words, who it speaks for, and what happened to it. */
export function ContributionCard({
  item,
  actions,
  size = "md",
  mergedInto,
  pinned = false,
}: {
  item: ContributionView;
  actions?: ReactNode;
  size?: "md" | "xl";
  mergedInto?: ContributionView;
  /** On the projector now, above whatever the step shows: the facilitator sees which one. */
  pinned?: boolean;
}) {
  const { t } = useTranslation();
  const big = size === "xl";
  return (
    <Card
      withBorder
      padding={big ? "md" : "sm"}
      radius="md"
      data-testid="contribution"
      data-id={item.id}
      data-status={item.status}
      // Hidden and merged cards are set apart by a muted background and a dashed border, never by
      // fading: their words stay at full contrast for the facilitator who reads them.
      bg={item.status === "visible" ? undefined : "gray.1"}
      style={
        item.status !== "visible"
          ? { borderStyle: "dashed", borderColor: "var(--mantine-color-gray-6)" }
          : pinned
            ? { borderWidth: 2, borderColor: "var(--mantine-primary-color-filled)" }
            : undefined
      }
      data-pinned={pinned || undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} fz={big ? "1.2em" : "md"} style={{ overflowWrap: "anywhere" }}>
            {item.title}
          </Text>
          {item.body ? (
            <Text fz={big ? "1em" : "sm"} c="dimmed" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {item.body}
            </Text>
          ) : null}
          <Group gap={6}>
            {item.origin === "host" ? (
              <Badge variant="outline" color="gray" size="sm">
                {t("wall.host")}
              </Badge>
            ) : item.helix ? (
              <HelixBadge helix={item.helix} />
            ) : null}
            {item.authorName ? (
              <Text size="xs" c="dimmed">
                {item.authorName}
              </Text>
            ) : null}
            {item.editedAt ? (
              <Text size="xs" c="dimmed">
                ({t("wall.edited")})
              </Text>
            ) : null}
            {pinned ? (
              <Badge size="sm" data-testid="pinned-badge">
                {t("wall.pinned")}
              </Badge>
            ) : null}
            {item.status === "hidden" ? (
              <Badge color="dark" size="sm" data-testid="hidden-badge">
                {t("wall.hidden")}
              </Badge>
            ) : null}
            {item.status === "merged" && mergedInto ? (
              <Text size="xs" fw={600}>
                {t("wall.merged", { title: mergedInto.title })}
              </Text>
            ) : null}
          </Group>
        </Stack>
        {actions}
      </Group>
    </Card>
  );
}

/**
 * The wall: each challenge with its solutions under it, duplicates merged into it listed beneath,
 * oldest first. `renderActions` adds moderation controls on the facilitator's screen.
 */
export function Wall({
  contributions,
  renderActions,
  size = "md",
  openIds,
  pinnedId = null,
}: {
  contributions: readonly ContributionView[];
  renderActions?: (item: ContributionView) => ReactNode;
  size?: "md" | "xl";
  /** Challenges taking solutions now, marked as such. */
  openIds?: readonly string[];
  /** The contribution pinned on the projector, marked as such. */
  pinnedId?: string | null;
}) {
  const { t } = useTranslation();
  const byId = new Map(contributions.map((c) => [c.id, c]));
  const challenges = contributions.filter((c) => c.kind === "challenge" && c.status !== "merged");
  const solutionsOf = (id: string) =>
    contributions.filter((c) => c.kind === "solution" && c.parentId === id && c.status !== "merged");
  const mergedInto = (id: string) => contributions.filter((c) => c.status === "merged" && c.mergedInto === id);
  const shown = new Set(challenges.map((c) => c.id));
  const orphans = contributions.filter(
    (c) => c.kind === "solution" && c.status !== "merged" && (!c.parentId || !shown.has(c.parentId)),
  );
  const card = (item: ContributionView) => (
    <ContributionCard key={item.id} item={item} size={size} actions={renderActions?.(item)} pinned={item.id === pinnedId} />
  );
  const merged = (id: string) => {
    const list = mergedInto(id);
    if (list.length === 0) return null;
    return (
      <Stack gap={4} pl="md" data-testid="merged-list">
        <Text size="xs" fw={600} c="dimmed">
          {t("wall.mergedHere")}
        </Text>
        {list.map((m) => (
          <ContributionCard key={m.id} item={m} size={size} mergedInto={byId.get(id)} actions={renderActions?.(m)} />
        ))}
      </Stack>
    );
  };

  if (contributions.length === 0) {
    return (
      <Text c="dimmed" fz={size === "xl" ? "1.2em" : "sm"} data-testid="wall-empty">
        {t("wall.empty")}
      </Text>
    );
  }
  return (
    <Stack gap="md" data-testid="wall">
      {challenges.map((challenge) => {
        const solutions = solutionsOf(challenge.id);
        return (
          <Stack key={challenge.id} gap={6} data-testid="challenge-group">
            {openIds?.includes(challenge.id) ? (
              <Badge variant="light" size="sm">
                {t("wall.openForSolutions")}
              </Badge>
            ) : null}
            {card(challenge)}
            {merged(challenge.id)}
            {solutions.length > 0 ? (
              <Stack gap={6} pl={size === "xl" ? "xl" : "md"} style={{ borderLeft: "3px solid var(--mantine-color-gray-3)" }}>
                {solutions.map((s) => (
                  <Stack key={s.id} gap={4}>
                    {card(s)}
                    {merged(s.id)}
                  </Stack>
                ))}
              </Stack>
            ) : null}
          </Stack>
        );
      })}
      {orphans.length > 0 ? (
        <Stack gap={6}>
          <Title order={3} size="h5">
            {t("wall.unassigned")}
          </Title>
          {orphans.map(card)}
        </Stack>
      ) : null}
    </Stack>
  );
}
