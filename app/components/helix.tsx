import { Badge, Group, Paper, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { HELICES, HELIX_COLORS, type Helix, type HelixCounts } from "../domain/helix";

export function HelixBadge({ helix, size = "sm" }: { helix: Helix; size?: "sm" | "md" | "lg" }) {
  const { t } = useTranslation();
  return (
    <Badge color={HELIX_COLORS[helix]} size={size} variant="filled" autoContrast>
      {t(`helix.${helix}.name`)}
    </Badge>
  );
}

/**
 * A helix named in full in running text or a narrow table column, where a badge would be cut to
 * "G…": a dot in the helix colour and the name.
 */
export function HelixLabel({ helix }: { helix: Helix }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" data-testid="helix-label" data-helix={helix}>
      <span aria-hidden style={{ width: 10, height: 10, borderRadius: 5, background: HELIX_COLORS[helix], flexShrink: 0 }} />
      <Text span size="sm">
        {t(`helix.${helix}.name`)}
      </Text>
    </Group>
  );
}

/**
 * Participants per helix, one tile per helix in the house order. An absent helix is shown as
 * absent, never hidden. `size="xl"` is for the projector.
 */
export function HelixCountTiles({
  counts,
  size = "md",
  narrow = false,
}: {
  counts: HelixCounts;
  size?: "md" | "xl";
  /** In a narrow column (a sidebar) the tiles stay two by two whatever the screen width. */
  narrow?: boolean;
}) {
  const { t } = useTranslation();
  const big = size === "xl";
  return (
    <SimpleGrid cols={narrow ? 2 : { base: 2, sm: 4 }} spacing={big ? "lg" : "sm"}>
      {HELICES.map((helix) => (
        <Paper
          key={helix}
          withBorder
          p={big ? "lg" : "sm"}
          radius="md"
          // An absent helix is muted by its background, not by fading its text (contrast).
          bg={counts[helix] === 0 ? "gray.0" : undefined}
          style={{ borderTop: `6px solid ${HELIX_COLORS[helix]}` }}
          data-testid={`helix-count-${helix}`}
        >
          <Text size={big ? "xl" : "sm"} fw={600} c={counts[helix] === 0 ? "dimmed" : undefined}>
            {t(`helix.${helix}.name`)}
          </Text>
          <Text
            fz={big ? 64 : 28}
            fw={700}
            lh={1.1}
            c={counts[helix] === 0 ? "dimmed" : undefined}
            aria-label={`${t(`helix.${helix}.name`)}: ${counts[helix]}`}
          >
            {counts[helix]}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
