import { ActionIcon, Alert, Badge, Card, Group, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { AppError } from "../../domain/result";
import { type VoteAck, type VoteSettings, voteRefusal } from "../../domain/voting";
import { newClientId } from "../../realtime/outbox";
import type { Send } from "../../realtime/protocol";
import { useErrorText } from "../field-error";
import { HelixBadge } from "../helix";

export type BallotState = { stepId: string; points: Record<string, number>; remaining: number };

/**
 * Dot voting on a phone: the points left always in view, + and − on each item. "+" is off, with
 * the reason in words, where the domain's rule (`voteRefusal`, the one the server applies) would
 * refuse one more point: no points left, or the item at its cap. Any refusal the server still
 * sends is shown, and the points stay as they were.
 */
export function Ballot({
  items,
  ballot,
  settings,
  online,
  mine,
  send,
  onVoted,
}: {
  items: ContributionView[];
  ballot: BallotState;
  settings: VoteSettings;
  online: boolean;
  mine: ReadonlySet<string>;
  send: Send<"vote:set">;
  onVoted: (ack: VoteAck) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const setPoints = async (item: ContributionView, points: number) => {
    setBusy(item.id);
    const result = await send("vote:set", { clientId: newClientId(), contributionId: item.id, points });
    setBusy(null);
    if (result.ok) {
      setError(null);
      onVoted(result.data);
    } else setError(result.error);
  };
  const errorText = useErrorText();
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
      {error ? (
        <Alert color="red" role="alert" data-testid="vote-error">
          {errorText(error)}
        </Alert>
      ) : null}
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
                  disabled={!online || points === 0 || busy !== null}
                  onClick={() => setPoints(item, points - 1)}
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
                  disabled={!online || busy !== null || refusal !== null}
                  onClick={() => setPoints(item, points + 1)}
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
