import { ActionIcon, Badge, Card, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import { type VoteSettings, voteRefusal } from "../../domain/voting";
import { HelixBadge } from "../helix";

export type BallotState = { stepId: string; points: Record<string, number>; remaining: number };

/**
 * Dot voting on a phone: the points left always in view, + and − on each item. "+" is off, with
 * the reason in words, where the domain's rule (`voteRefusal`, the one the server applies) would
 * refuse one more point: no points left, or the item at its cap. A tap goes to the phone's outbox:
 * the ballot shows it at once (the points still waiting are marked), online or not, and a vote the
 * server refuses is told under "Not sent" with the reason.
 */
export function Ballot({
  items,
  ballot,
  settings,
  online,
  mine,
  waiting,
  onVote,
}: {
  items: ContributionView[];
  /** The confirmed points with those waiting to be sent laid over them (`ballotShown`). */
  ballot: BallotState;
  settings: VoteSettings;
  online: boolean;
  mine: ReadonlySet<string>;
  /** Items whose points wait in the outbox. */
  waiting: ReadonlySet<string>;
  onVote: (item: ContributionView, from: number, to: number) => void;
}) {
  const { t } = useTranslation();
  const given = new Map(Object.entries(ballot.points));
  const outOfPoints = items.some(
    (item) => voteRefusal(given, item.id, (ballot.points[item.id] ?? 0) + 1, settings)?.key === "overBudget",
  );

  if (items.length === 0) return <Text c="dimmed">{t("vote.nothingOnBallot")}</Text>;
  return (
    <Stack gap="sm" data-testid="ballot">
      <Paper withBorder p="sm" radius="md" pos="sticky" top={0} style={{ zIndex: 2 }}>
        <Group justify="space-between" gap={4}>
          <Text fw={700} fz="lg" data-testid="points-left" aria-live="polite">
            {t("vote.remaining", { count: ballot.remaining })}
          </Text>
          {outOfPoints ? (
            <Text size="sm" fw={600} id="ballot-no-points" data-testid="no-points-left">
              {t("vote.noPointsLeft")}
            </Text>
          ) : (
            <Text size="xs" c="dimmed">
              {t("vote.budgetHint", { count: settings.budget, cap: settings.cap })}
            </Text>
          )}
        </Group>
        {!online ? (
          <Text size="sm" c="orange.9" mt={4}>
            {t("vote.offline")}
          </Text>
        ) : null}
      </Paper>
      {items.map((item) => {
        const points = ballot.points[item.id] ?? 0;
        const refusal = voteRefusal(given, item.id, points + 1, settings);
        const reasonId = refusal?.key === "overCap" ? `cap-${item.id}` : refusal ? "ballot-no-points" : undefined;
        return (
          <Card key={item.id} withBorder padding="sm" data-testid="ballot-item" data-points={points}>
            {/* The title takes the card's full width; badges, the reason and the buttons share the row under it. */}
            <Text fw={600} mb={6} style={{ overflowWrap: "anywhere" }}>
              {item.title}
            </Text>
            <Group justify="space-between" wrap="nowrap" align="center" gap="xs">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Group gap={6}>
                  {item.helix ? <HelixBadge helix={item.helix} /> : null}
                  {mine.has(item.id) ? (
                    <Badge variant="outline" size="sm" color="gray">
                      {t("vote.ownItem")}
                    </Badge>
                  ) : null}
                  {waiting.has(item.id) ? (
                    <Badge color="#8f5b00" variant="filled" size="sm" data-testid="vote-waiting">
                      {t("vote.waiting")}
                    </Badge>
                  ) : null}
                </Group>
                {refusal?.key === "overCap" ? (
                  <Text size="sm" id={`cap-${item.id}`} data-testid="add-refusal">
                    {t("vote.atCap", { cap: settings.cap })}
                  </Text>
                ) : null}
              </Stack>
              <Group gap={6} wrap="nowrap">
                <ActionIcon
                  size="xl"
                  variant="light"
                  aria-label={t("vote.remove", { title: item.title })}
                  disabled={points === 0}
                  onClick={() => onVote(item, points, points - 1)}
                >
                  −
                </ActionIcon>
                <Text fw={800} fz="xl" w={24} ta="center" aria-label={t("vote.yourPoints")} data-testid="item-points">
                  {points}
                </Text>
                <ActionIcon
                  size="xl"
                  aria-label={t("vote.add", { title: item.title })}
                  aria-describedby={reasonId}
                  disabled={refusal !== null}
                  onClick={() => onVote(item, points, points + 1)}
                >
                  +
                </ActionIcon>
              </Group>
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}
