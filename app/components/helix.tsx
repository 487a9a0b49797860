import { Badge, Paper, SimpleGrid, Text } from "@mantine/core";
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
          style={{ borderTop: `6px solid ${HELIX_COLORS[helix]}`, opacity: counts[helix] === 0 ? 0.65 : 1 }}
          data-testid={`helix-count-${helix}`}
        >
          <Text size={big ? "xl" : "sm"} fw={600}>
            {t(`helix.${helix}.name`)}
          </Text>
          <Text fz={big ? 64 : 28} fw={700} lh={1.1} aria-label={`${t(`helix.${helix}.name`)}: ${counts[helix]}`}>
            {counts[helix]}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
